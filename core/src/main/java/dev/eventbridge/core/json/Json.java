package dev.eventbridge.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.InvalidEventException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The one shared {@link ObjectMapper} (the stored form of event data is {@link StoredData}). Publish bodies are read by
 * {@link PublishJson}, events written for the API by {@link EventJson}: both keep data as its JSON
 * text, never a tree.
 */
public final class Json {

    /** Strict: duplicate keys and trailing tokens are errors; nesting is bounded. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses JSON text, turning a syntax error into a {@link JsonFormatException} with Jackson's location. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new JsonFormatException("no JSON value in the body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** The error for a syntax error, with Jackson's location when it has one. */
    static JsonFormatException malformed(JsonProcessingException e) {
        return new JsonFormatException("malformed JSON: " + e.getOriginalMessage()
                + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : ""));
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails naming the first field of {@code node} that is not in {@code allowed}. */
    public static void onlyFields(JsonNode node, String what, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new JsonFormatException("unknown field '" + field + "' in " + what + " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** A text field, or null when absent or null; fails if present with another type or longer than {@code maxLength}. */
    public static String text(JsonNode node, String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new JsonFormatException("field '" + field + "' must be a string, was " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (value.textValue().length() > maxLength) {
            throw new JsonFormatException("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return value.textValue();
    }

    /** Why data entry {@code text} is not exactly one well-formed JSON value (surrounding whitespace allowed), or null if it is. */
    private static String valueProblem(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return "no JSON value in a data entry";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "more than one JSON value in a data entry";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "malformed JSON in a data entry: " + e.getOriginalMessage();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes every JSON entry valid JSON (reply data from brokers): an entry that is exactly one
     * well-formed JSON value is kept verbatim, numbers and whitespace as the broker gave them; any
     * other text (for example a plain text reply) becomes a JSON string holding that text.
     *
     * @throws InvalidEventException if an entry holds an unpaired surrogate, which UTF-8 cannot
     *     encode and so the store cannot keep
     */
    public static DataArray normalize(DataArray data) {
        List<DataArray.Data> items = new ArrayList<>(data.items().size());
        for (DataArray.Data item : data.items()) {
            if (item instanceof DataArray.Data.Json json) {
                if (Utf8.loneSurrogate(json.json()) >= 0) {
                    throw new InvalidEventException("data[" + items.size() + "]", InvalidInput.SURROGATE);
                }
                items.add(valueProblem(json.json()) == null ? json : new DataArray.Data.Json(write(JsonNodeFactory.instance.textNode(json.json()))));
            } else {
                items.add(item);
            }
        }
        return new DataArray(items);
    }
}
