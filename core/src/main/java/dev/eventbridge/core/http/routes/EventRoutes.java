package dev.eventbridge.core.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.ApiException;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.json.JsonFormatException;
import dev.eventbridge.core.store.EventRules;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishing and reading events. */
final class EventRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
    private static final Set<String> EVENT_FIELDS = Set.of("namespace", "type", "topic", "reference", "cid", "data");
    private static final int MAX_EVENTS_PER_REQUEST = 10_000;

    private final Engine engine;

    EventRoutes(Engine engine) {
        this.engine = engine;
    }

    /** Parses and checks the events, then answers 201 once the log has committed them (on the log writer's thread). */
    CompletionStage<ApiResponse> publish(byte[] body) {
        List<NewEvent> events = parse(body);
        return engine.publishAsync(events).thenApply(stored -> {
            if (stored.size() == 1) {
                Event e = stored.get(0);
                LOG.debug("Published event {} (sequence {})", e.id(), e.sequence());
                return ApiResponse.json(201, Json.eventToApi(e, null));
            }
            LOG.debug("Published {} events (sequences {} to {})", stored.size(), stored.get(0).sequence(), stored.get(stored.size() - 1).sequence());
            ArrayNode list = Json.MAPPER.createArrayNode();
            stored.forEach(e -> list.add(Json.eventToApi(e, null)));
            return ApiResponse.json(201, list);
        });
    }

    ApiResponse list(Map<String, String> q) {
        long after = Routes.longParam(q, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Routes.longParam(q, "limit", 100, 1, 1000);
        boolean withData = Boolean.parseBoolean(q.getOrDefault("withData", "false"));
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (StoredEvent e : engine.store().readAfter(after, limit, withData)) {
            list.add(Json.eventToApi(e.event(), e.data()));
        }
        return ApiResponse.json(200, list);
    }

    ApiResponse get(UUID id) {
        StoredEvent e = engine.store().event(id).orElseThrow(() -> new ApiException(404, "no event with id " + id));
        return ApiResponse.json(200, Json.eventToApi(e.event(), e.data()));
    }

    private static List<NewEvent> parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(400, "request body is empty; send JSON");
        }
        JsonNode node = Json.parse(new String(body, StandardCharsets.UTF_8));
        List<NewEvent> events = new ArrayList<>();
        if (node.isArray()) {
            if (node.size() == 0 || node.size() > MAX_EVENTS_PER_REQUEST) {
                throw new ApiException(400, "an array of events must hold 1 to " + MAX_EVENTS_PER_REQUEST + " events");
            }
            int i = 0;
            for (JsonNode item : node) {
                try {
                    events.add(newEvent(item));
                } catch (JsonFormatException e) {
                    throw new JsonFormatException("event [" + i + "]: " + e.getMessage());
                }
                i++;
            }
        } else {
            events.add(newEvent(node));
        }
        return events;
    }

    private static NewEvent newEvent(JsonNode node) {
        if (!node.isObject()) {
            throw new JsonFormatException("an event must be a JSON object");
        }
        Json.onlyFields(node, "event", EVENT_FIELDS);
        String type = Json.text(node, "type", EventRules.MAX_TYPE);
        if (type == null || type.isBlank()) {
            throw new JsonFormatException("field 'type' is required");
        }
        String namespace = Json.text(node, "namespace", EventRules.MAX_NAMESPACE);
        namespace = namespace == null ? "default" : namespace;
        if (!namespace.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new JsonFormatException("field 'namespace' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String cid = Json.text(node, "cid", 36);
        UUID cidValue = null;
        if (cid != null) {
            try {
                cidValue = UUID.fromString(cid);
            } catch (IllegalArgumentException e) {
                throw new JsonFormatException("field 'cid' must be a UUID");
            }
        }
        NewEvent event = new NewEvent(UUID.randomUUID(), namespace, type, Json.text(node, "topic", EventRules.MAX_TOPIC),
                Json.text(node, "reference", EventRules.MAX_REFERENCE), cidValue, Json.dataFromApi(node.get("data")));
        try {
            EventRules.check(event);
        } catch (InvalidEventException e) {
            throw new JsonFormatException(e.getMessage());
        }
        return event;
    }
}
