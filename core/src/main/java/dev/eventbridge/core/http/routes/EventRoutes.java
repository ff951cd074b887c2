package dev.eventbridge.core.http.routes;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.ApiException;
import dev.eventbridge.core.json.EventJson;
import dev.eventbridge.core.json.PublishJson;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.store.TraceContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishing and reading events; data is written as it was published, byte for byte ({@link EventJson}). */
final class EventRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);

    private final Engine engine;

    EventRoutes(Engine engine) {
        this.engine = engine;
    }

    /**
     * Parses and checks the events ({@link PublishJson}: a 400 naming the field for anything it
     * cannot keep exactly), then answers 201 once the log has committed them, on the log writer's
     * thread. The W3C Trace Context headers {@code traceparent}/{@code tracestate} apply to every
     * event without a {@code traceparent} member of its own (the body's wins, per event); an invalid
     * {@code traceparent} header is ignored (the spec: the trace restarts), logged at DEBUG.
     */
    CompletionStage<ApiResponse> publish(ApiRequest r) {
        // completes on the log writer's thread: the JSON is written later, by the server's thread
        return engine.publishAsync(PublishJson.parse(r.body(), requestTrace(r))).thenApply(stored -> ApiResponse.later(201, () -> {
            if (stored.size() == 1) {
                Event e = stored.get(0);
                LOG.debug("Published event {} (sequence {})", e.id(), e.sequence());
                return EventJson.event(e, null);
            }
            LOG.debug("Published {} events (sequences {} to {})", stored.size(), stored.get(0).sequence(), stored.get(stored.size() - 1).sequence());
            return EventJson.events(stored);
        }));
    }

    /** The trace context of the request's headers, or null. */
    private static TraceContext requestTrace(ApiRequest r) {
        List<String> traceparent = r.headers().all("traceparent");
        if (traceparent.isEmpty()) {
            return null;
        }
        TraceContext trace = TraceContext.fromHeaders(traceparent, r.headers().all("tracestate"));
        if (trace == null && LOG.isDebugEnabled()) {
            String shown = String.join(", ", traceparent);
            LOG.debug("Ignored the traceparent header of a publish: {} is not one valid W3C traceparent; its events get no trace context",
                    shown.length() > 80 ? shown.substring(0, 80) + "..." : shown);
        }
        return trace;
    }

    ApiResponse list(Map<String, String> q) {
        long after = Routes.longParam(q, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Routes.longParam(q, "limit", 100, 1, 1000);
        boolean withData = Boolean.parseBoolean(q.getOrDefault("withData", "false"));
        return new ApiResponse(200, EventJson.stored(engine.store().readAfter(after, limit, withData)));
    }

    ApiResponse get(UUID id) {
        StoredEvent e = engine.store().event(id).orElseThrow(() -> new ApiException(404, "no event with id " + id));
        return new ApiResponse(200, EventJson.event(e.event(), e.data()));
    }
}
