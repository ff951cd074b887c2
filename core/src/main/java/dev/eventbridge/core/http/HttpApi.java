package dev.eventbridge.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.json.EventJson;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.json.JsonFormatException;
import dev.eventbridge.core.json.PublishJson;
import dev.eventbridge.core.json.SubscriptionJson;
import dev.eventbridge.core.store.DuplicateSubscriptionException;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's HTTP API on the JDK's built-in server: the API is a handful of JSON routes, so a
 * framework would add dependencies and start-up time without adding safety. Every failure is a
 * JSON {@code {"error": "..."}} with a 4xx status for bad input, 503 when the store is failing.
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
 * </pre>
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add ~40 ms to every response. Read once, when the server
        // classes load, so it must be set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Engine engine;
    private final int maxBody;
    private final HttpServer server;
    private final ExecutorService executor;

    public HttpApi(Engine engine, String host, int port, int maxBody) throws IOException {
        this.engine = engine;
        this.maxBody = maxBody;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "eventbridge-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status;
        JsonNode body;
        byte[] raw = null;
        try {
            Response r = route(exchange);
            status = r.status();
            body = r.body();
            raw = r.raw();
        } catch (ApiException e) {
            status = e.status;
            body = error(e.getMessage());
        } catch (JsonFormatException | InvalidOptionsException e) {
            status = 400;
            body = error(e.getMessage());
        } catch (DuplicateSubscriptionException e) {
            status = 409;
            body = error(e.getMessage());
        } catch (InvalidEventException e) {
            status = 400;
            body = error(e.getMessage());
        } catch (StoreRefusedException e) {
            LOG.error("The store refused the data of {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.getMessage());
            status = 422;
            body = error("the store refused this request's data: " + e.getMessage());
        } catch (StoreException e) {
            LOG.error("Store failure serving {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.getMessage());
            status = 503;
            body = error("the store is not available; retry later");
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure serving {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            status = 500;
            body = error("internal error: " + e.getClass().getSimpleName());
        }
        byte[] bytes = raw != null ? raw : body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    /** A reply: {@code raw} (JSON already written, e.g. by {@link EventJson}) when not null, else {@code body}. */
    private record Response(int status, JsonNode body, byte[] raw) {
        Response(int status, JsonNode body) {
            this(status, body, null);
        }

        static Response raw(int status, byte[] json) {
            return new Response(status, null, json);
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode node = Json.object();
        node.put("error", message);
        return node;
    }

    private Response route(HttpExchange ex) throws IOException, InvalidOptionsException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String[] parts = path.replaceAll("/+$", "").split("/");
        // parts[0] is "" (leading slash)
        if (path.equals("/health")) {
            requireMethod(method, "GET");
            return health();
        }
        if (parts.length >= 3 && parts[1].equals("api")) {
            switch (parts[2]) {
                case "events":
                    if (parts.length == 3) {
                        if (method.equals("POST")) {
                            return publish(readBody(ex));
                        }
                        requireMethod(method, "GET", "POST");
                        return listEvents(query(ex));
                    }
                    if (parts.length == 4) {
                        requireMethod(method, "GET");
                        UUID id = uuid(parts[3], "event id");
                        var e = engine.store().event(id).orElseThrow(() -> new ApiException(404, "no event with id " + id));
                        return Response.raw(200, EventJson.event(e.event(), e.data()));
                    }
                    break;
                case "subscriptions":
                    if (parts.length == 3) {
                        if (method.equals("POST")) {
                            return createSubscription(Json.parse(new String(readBody(ex), StandardCharsets.UTF_8)));
                        }
                        requireMethod(method, "GET", "POST");
                        ArrayNode list = Json.MAPPER.createArrayNode();
                        engine.subscriptions().forEach(s -> list.add(subscriptionJson(s)));
                        return new Response(200, list);
                    }
                    UUID id = uuid(parts[3], "subscription id");
                    if (parts.length == 4) {
                        if (method.equals("DELETE")) {
                            if (!engine.deleteSubscription(id)) {
                                throw new ApiException(404, "no durable subscription with id " + id);
                            }
                            return new Response(204, null);
                        }
                        requireMethod(method, "GET", "DELETE");
                        Subscription s = engine.subscription(id).orElseThrow(() -> new ApiException(404, "no subscription with id " + id));
                        return new Response(200, subscriptionJson(s));
                    }
                    if (parts.length == 5 && parts[4].equals("deadletters")) {
                        requireMethod(method, "GET");
                        engine.subscription(id).orElseThrow(() -> new ApiException(404, "no subscription with id " + id));
                        ArrayNode list = Json.MAPPER.createArrayNode();
                        for (var d : engine.deadLetters(id, (int) longParam(query(ex), "limit", 100, 1, 1000))) {
                            ObjectNode n = list.addObject();
                            n.put("sequence", d.sequence());
                            n.put("eventId", d.eventId().toString());
                            n.put("attempts", d.attempts());
                            n.put("reason", d.reason());
                            n.put("time", d.time().toString());
                        }
                        return new Response(200, list);
                    }
                    if (parts.length == 5 && parts[4].equals("offset")) {
                        requireMethod(method, "GET");
                        long committed = engine.committedOffset(id).orElseThrow(() -> new ApiException(404, "no subscription with id " + id));
                        ObjectNode node = Json.object();
                        node.put("subscription", id.toString());
                        node.put("committed", committed);
                        node.put("inFlight", engine.inFlight(id));
                        return new Response(200, node);
                    }
                    break;
                default:
                    break;
            }
        }
        throw new ApiException(404, "no such resource: " + path);
    }

    private static void requireMethod(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new ApiException(405, "method " + method + " is not allowed here (allowed: " + String.join(", ", allowed) + ")");
    }

    private static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, what + " '" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "' is not a UUID");
        }
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    throw new ApiException(413, "request body is larger than the limit of " + maxBody + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad Content-Length header");
            }
        }
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(maxBody + 1);
        }
        if (bytes.length > maxBody) {
            throw new ApiException(413, "request body is larger than the limit of " + maxBody + " bytes");
        }
        if (bytes.length == 0) {
            throw new ApiException(400, "request body is empty; send JSON");
        }
        return bytes;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            }
        }
        return out;
    }

    private static long longParam(Map<String, String> q, String name, long def, long min, long max) {
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

    private Response listEvents(Map<String, String> q) {
        long after = longParam(q, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(q, "limit", 100, 1, 1000);
        boolean withData = Boolean.parseBoolean(q.getOrDefault("withData", "false"));
        return Response.raw(200, EventJson.stored(engine.store().readAfter(after, limit, withData)));
    }

    private Response publish(byte[] body) {
        List<Event> stored = engine.publish(PublishJson.parse(body));
        if (stored.size() == 1) {
            Event e = stored.get(0);
            LOG.info("Published event {} (sequence {})", e.id(), e.sequence());
            return Response.raw(201, EventJson.event(e, null));
        }
        LOG.info("Published {} events (sequences {} to {})", stored.size(), stored.get(0).sequence(), stored.get(stored.size() - 1).sequence());
        return Response.raw(201, EventJson.events(stored));
    }

    private Response createSubscription(JsonNode body) throws InvalidOptionsException {
        SubscriptionJson.Request r = SubscriptionJson.requestFromApi(body);
        Subscription s = engine.createSubscription(r.namespace(), r.name(), r.transport(), r.filter(), r.options());
        return new Response(201, subscriptionJson(s));
    }

    private ObjectNode subscriptionJson(Subscription s) {
        ObjectNode node = SubscriptionJson.toJson(s);
        engine.activeConnection(s.ref().id()).ifPresentOrElse(c -> node.put("connection", c), () -> node.putNull("connection"));
        return node;
    }

    private Response health() {
        ObjectNode node = Json.object();
        boolean allUp = true;
        ObjectNode plugins = node.putObject("plugins");
        for (Map.Entry<String, Plugin> p : engine.plugins().entrySet()) {
            ObjectNode conns = plugins.putObject(p.getKey());
            Map<String, ConnectionHealth> health;
            try {
                health = p.getValue().health();
            } catch (RuntimeException e) {
                health = Map.of(p.getKey(), new ConnectionHealth(false, "health check failed: " + e.getClass().getSimpleName()));
            }
            for (Map.Entry<String, ConnectionHealth> c : health.entrySet()) {
                ObjectNode h = conns.putObject(c.getKey());
                h.put("up", c.getValue().up());
                h.put("detail", c.getValue().detail());
                allUp &= c.getValue().up();
            }
        }
        ArrayNode conns = node.putArray("connections");
        engine.connectionIds().forEach(conns::add);
        node.put("status", allUp ? "UP" : "DEGRADED");
        return new Response(200, node);
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
