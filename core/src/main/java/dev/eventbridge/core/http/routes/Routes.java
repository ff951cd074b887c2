package dev.eventbridge.core.http.routes;

import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.ApiException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The routing table of the HTTP API: matches a request's decoded path segments and method to a
 * route.
 *
 * <pre>
 * POST   /api/events                       publish one event (object) or several (array)
 * GET    /api/events?after=N&amp;limit=M&amp;withData=true
 * GET    /api/events/{id}
 * POST   /api/subscriptions                create a durable subscription
 * GET    /api/subscriptions
 * GET    /api/subscriptions/{id}
 * DELETE /api/subscriptions/{id}
 * GET    /api/subscriptions/{id}/offset
 * GET    /api/subscriptions/{id}/deadletters
 * GET    /health
 * GET    /metrics                          Prometheus metrics ({@link #metrics}: the Accept header picks the format)
 * </pre>
 *
 * A publish is answered when the event log's commit completes, on no thread of its own; every other
 * route reads or writes the store and runs on {@code blocking}, so a slow store never holds the
 * server's event loop.
 */
public final class Routes {

    private final EventRoutes events;
    private final SubscriptionRoutes subscriptions;
    private final HealthRoute health;
    private final Engine engine;
    private final Executor blocking;

    public Routes(Engine engine, Executor blocking) {
        this.events = new EventRoutes(engine);
        this.subscriptions = new SubscriptionRoutes(engine);
        this.health = new HealthRoute(engine);
        this.engine = engine;
        this.blocking = blocking;
    }

    /** The response to {@code r}; a failure (of the stage, or thrown) is turned into a response by {@link Failures}. */
    public CompletionStage<ApiResponse> serve(ApiRequest r) throws Exception {
        String method = r.method();
        int n = r.segments().size();
        if (n == 1 && "health".equals(r.segment(0))) {
            requireMethod(method, "GET");
            return blocking(health::health);
        }
        if (n == 1 && "metrics".equals(r.segment(0))) {
            List<String> accept = r.headers().all("Accept");
            return metrics(method, accept.isEmpty() ? null : String.join(", ", accept));
        }
        if (n >= 2 && "api".equals(r.segment(0))) {
            switch (r.segment(1)) {
                case "events":
                    if (n == 2) {
                        if (method.equals("POST")) {
                            return events.publish(r);
                        }
                        requireMethod(method, "GET", "POST");
                        return blocking(() -> events.list(r.query()));
                    }
                    if (n == 3) {
                        requireMethod(method, "GET");
                        UUID id = uuid(r.segment(2), "event id");
                        return blocking(() -> events.get(id));
                    }
                    break;
                case "subscriptions":
                    if (n == 2) {
                        if (method.equals("POST")) {
                            return blocking(() -> subscriptions.create(r.body()));
                        }
                        requireMethod(method, "GET", "POST");
                        return blocking(subscriptions::list);
                    }
                    UUID id = uuid(r.segment(2), "subscription id");
                    if (n == 3) {
                        if (method.equals("DELETE")) {
                            return blocking(() -> subscriptions.delete(id));
                        }
                        requireMethod(method, "GET", "DELETE");
                        return blocking(() -> subscriptions.get(id));
                    }
                    if (n == 4 && r.segment(3).equals("deadletters")) {
                        requireMethod(method, "GET");
                        return blocking(() -> subscriptions.deadLetters(id, r.query()));
                    }
                    if (n == 4 && r.segment(3).equals("offset")) {
                        requireMethod(method, "GET");
                        return blocking(() -> subscriptions.offset(id));
                    }
                    break;
                default:
                    break;
            }
        }
        throw new ApiException(404, "no such resource: " + r.rawPath());
    }

    /**
     * {@code GET /metrics}: a scrape of the bridge's metrics in the exposition format {@code accept}
     * asks for (Prometheus text by default, OpenMetrics text or Prometheus protobuf when asked).
     * Gauges may read the store (a shared store's head), so it runs on {@code blocking}.
     */
    CompletionStage<ApiResponse> metrics(String method, String accept) {
        requireMethod(method, "GET");
        return blocking(() -> {
            dev.eventbridge.core.metrics.BridgeMetrics.Scrape scrape = engine.metrics().scrape(accept)
                    .orElseThrow(() -> new ApiException(404, "metrics are switched off (bridge.metrics.enabled=false)"));
            return new ApiResponse(200, scrape.contentType(), scrape.body());
        });
    }

    /** A route that waits on the store or a plugin. */
    @FunctionalInterface
    interface BlockingRoute {
        ApiResponse answer() throws Exception;
    }

    private CompletionStage<ApiResponse> blocking(BlockingRoute route) {
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                result.complete(route.answer());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    static void requireMethod(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new ApiException(405, "method " + method + " is not allowed here (allowed: " + String.join(", ", allowed) + ")");
    }

    static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, what + " '" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "' is not a UUID");
        }
    }

    static long longParam(java.util.Map<String, String> q, String name, long def, long min, long max) {
        String v = q.get(name);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new ApiException(400, "query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter '" + name + "' must be an integer");
        }
    }
}
