package dev.eventbridge.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.EventRules;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.NewEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The tree-based reading of a publish body that HttpApi applied before {@link PublishJson}: the
 * oracle its rules and messages are compared against (data aside, which it re-rendered).
 */
final class TreePublishOracle {

    private static final Set<String> EVENT_FIELDS = Set.of("namespace", "type", "topic", "reference", "cid", "traceparent", "tracestate", "data");

    private TreePublishOracle() {
    }

    static List<NewEvent> parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new JsonFormatException("request body is empty; send JSON");
        }
        JsonNode body = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        List<NewEvent> events = new ArrayList<>();
        if (body.isArray()) {
            if (body.size() == 0 || body.size() > 10_000) {
                throw new JsonFormatException("an array of events must hold 1 to 10000 events");
            }
            int i = 0;
            for (JsonNode node : body) {
                try {
                    events.add(newEvent(node));
                } catch (JsonFormatException e) {
                    throw new JsonFormatException("event [" + i + "]: " + e.getMessage());
                }
                i++;
            }
        } else {
            events.add(newEvent(body));
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
                Json.text(node, "reference", EventRules.MAX_REFERENCE), cidValue, data(node.get("data")));
        try {
            EventRules.check(event);
        } catch (InvalidEventException e) {
            throw new JsonFormatException(e.getMessage());
        }
        return event;
    }

    private static DataArray data(JsonNode array) {
        if (array == null || array.isNull()) {
            return DataArray.empty();
        }
        if (!array.isArray()) {
            throw new JsonFormatException("field 'data' must be an array of JSON values");
        }
        List<DataArray.Data> items = new ArrayList<>();
        array.forEach(item -> items.add(new DataArray.Data.Json(Json.write(item))));
        return new DataArray(items);
    }
}
