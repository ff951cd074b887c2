package dev.eventbridge.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The one shared {@link ObjectMapper} and the stored form of event data. Publish bodies are read by
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

    /**
     * Data as stored: each entry tagged, so a JSON object never reads back as a binary entry
     * ({@code [{"json":<entry>},{"base64":"...","contentType":"..."}]}). JSON entries are copied
     * verbatim, neither parsed into a tree nor checked again: each is one well-formed JSON value
     * already ({@link PublishJson} cuts them out of the parsed body, {@link #normalize} makes reply
     * data so), and this runs on the log writer's thread, which every publish passes through. Built by hand rather than with a Jackson generator because the envelope is fixed
     * and creating a generator per event was most of this method's cost in the ingest profile.
     */
    public static String dataToStore(DataArray data) {
        StringBuilder out = new StringBuilder(16 + data.items().size() * 16 + (data.items().size() == 1
                && data.items().get(0) instanceof DataArray.Data.Json j ? j.json().length() : 64));
        out.append('[');
        for (DataArray.Data item : data.items()) {
            if (out.length() > 1) {
                out.append(',');
            }
            if (item instanceof DataArray.Data.Json json) {
                out.append("{\"json\":").append(json.json()).append('}');
            } else if (item instanceof DataArray.Data.Binary binary) {
                out.append("{\"base64\":\"").append(Base64.getEncoder().encodeToString(binary.bytes())).append('"');
                if (binary.contentType() != null) {
                    out.append(",\"contentType\":\"").append(JsonStringEncoder.getInstance().quoteAsString(binary.contentType())).append('"');
                }
                out.append('}');
            }
        }
        return out.append(']').toString();
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
     * Reads stored data back. JSON entries are cut out of the stored text by the parser's offsets,
     * not rebuilt from a tree.
     */
    public static DataArray dataFromStore(String text) {
        if (text == null || text.isEmpty()) {
            return DataArray.empty();
        }
        List<DataArray.Data> items = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            expect(p.nextToken(), JsonToken.START_ARRAY, text);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String json = null;
                String base64 = null;
                String contentType = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("json")) {
                        int from = (int) p.currentTokenLocation().getCharOffset();
                        p.finishToken();
                        p.skipChildren();
                        int to = (int) p.currentLocation().getCharOffset();
                        json = text.substring(from, to);
                    } else if (field.equals("base64")) {
                        base64 = p.getValueAsString();
                    } else if (field.equals("contentType")) {
                        contentType = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    } else {
                        p.skipChildren();
                    }
                }
                if (json != null) {
                    items.add(new DataArray.Data.Json(json));
                } else if (base64 != null) {
                    items.add(new DataArray.Data.Binary(Base64.getDecoder().decode(base64), contentType));
                } else {
                    throw new IllegalStateException("stored data entry without json or base64: " + abbreviate(text));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("stored data is not valid JSON: " + abbreviate(text), e);
        }
        return new DataArray(items);
    }

    private static void expect(JsonToken actual, JsonToken expected, String text) {
        if (actual != expected) {
            throw new IllegalStateException("stored data is not a JSON array: " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
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
