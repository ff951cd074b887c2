package dev.eventbridge.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.TraceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /api/events}, read straight from its bytes with one streaming parse: one
 * event object, or an array of 1 to {@value #MAX_EVENTS}. Each {@code data} entry is kept as the
 * exact JSON text the client sent (cut out of the body by the parser's offsets), never parsed into
 * a tree and written again, so numbers such as {@code 1e999999} or
 * {@code 3.141592653589793238462643383279} reach the store and the brokers as given.
 *
 * <p>Input that cannot be kept exactly is refused with a {@link JsonFormatException} naming the
 * field: ill-formed UTF-8 anywhere (overlong forms and encoded surrogates included, checked in a
 * separate cheap pass first) and unpaired surrogates in any string or field name, escaped
 * ({@code \}{@code ud800}) or not. Malformed JSON, duplicate keys, trailing tokens and nesting
 * deeper than {@link Json#MAPPER}'s limit are refused as before. Semantic problems (an unknown
 * field, a missing type...) are reported only once the whole body parsed, so a syntax error later
 * in the body wins, as it did when the body was parsed into a tree first.
 *
 * <p>Trace context: an event's {@code traceparent} and {@code tracestate} members (the CloudEvents
 * distributed-tracing extension) are checked by {@link TraceContext}: a bad {@code traceparent} is
 * refused naming the field, a bad {@code tracestate} dropped. An event without {@code traceparent}
 * takes the request's ({@link #parse(byte[], TraceContext)}): the body's wins, per event.
 */
public final class PublishJson {

    /** The most events one request may publish. */
    public static final int MAX_EVENTS = 10_000;

    private final JsonParser p;
    private final byte[] body;
    private final int offset;
    /** Whether decoded strings and names must be checked for unpaired surrogates (the body holds a surrogate escape). */
    private final boolean checkStrings;
    /** The trace context of the request's headers, or null. */
    private final TraceContext requestTrace;

    private PublishJson(JsonParser p, byte[] body, int offset, boolean checkStrings, TraceContext requestTrace) {
        this.p = p;
        this.requestTrace = requestTrace;
        this.body = body;
        this.offset = offset;
        this.checkStrings = checkStrings;
    }

    /**
     * The events in a publish request body.
     *
     * @throws JsonFormatException for anything that is not a valid publish request; the message names the field
     */
    public static List<NewEvent> parse(byte[] body) {
        return parse(body, 0, body.length, null);
    }

    /**
     * The events in a publish request body; each event without a {@code traceparent} member of its
     * own gets {@code requestTrace} (the request's W3C Trace Context headers), each event with one
     * keeps its own with its own {@code tracestate}.
     *
     * @param requestTrace the trace context of the request's headers, or null
     * @throws JsonFormatException for anything that is not a valid publish request; the message names the field
     */
    public static List<NewEvent> parse(byte[] body, TraceContext requestTrace) {
        return parse(body, 0, body.length, requestTrace);
    }

    /** {@link #parse(byte[])} of {@code body[offset..offset+length)}. */
    public static List<NewEvent> parse(byte[] body, int offset, int length) {
        return parse(body, offset, length, null);
    }

    /** {@link #parse(byte[], TraceContext)} of {@code body[offset..offset+length)}. */
    public static List<NewEvent> parse(byte[] body, int offset, int length, TraceContext requestTrace) {
        Objects.checkFromIndexSize(offset, length, body.length);
        if (length == 0) {
            throw new JsonFormatException("request body is empty; send JSON");
        }
        if (guessedAsAnotherEncoding(body, offset, length)) {
            // never valid JSON in UTF-8; the text parse gives the error the tree-based reading gave
            Json.parse(new String(body, offset, length, StandardCharsets.UTF_8));
            throw new JsonFormatException("malformed JSON: a NUL byte or a byte order mark at the start of the body");
        }
        int scan = Utf8.scan(body, offset, offset + length);
        if (scan >= 0) {
            throw InvalidInput.utf8(body, offset, length, scan - offset);
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body, offset, length)) {
            return new PublishJson(p, body, offset, scan == Utf8.VALID_WITH_SURROGATE_ESCAPES, requestTrace).read();
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    /**
     * Whether Jackson's byte parser would not read the body as plain UTF-8: it takes a NUL among the
     * first four bytes for UTF-16 or UTF-32 (and its offsets would then count characters), and skips
     * a UTF-8 byte order mark. A NUL byte is never valid in JSON text, nor is a BOM in a JSON value.
     */
    private static boolean guessedAsAnotherEncoding(byte[] body, int offset, int length) {
        for (int i = offset; i < offset + Math.min(4, length); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return length >= 3 && body[offset] == (byte) 0xEF && body[offset + 1] == (byte) 0xBB && body[offset + 2] == (byte) 0xBF;
    }

    private List<NewEvent> read() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonFormatException("no JSON value in the body");
        }
        List<NewEvent> events = new ArrayList<>();
        JsonFormatException refusal = null;
        if (t == JsonToken.START_ARRAY) {
            int count = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                EventFields fields = event(t);
                if (refusal == null && count < MAX_EVENTS) {
                    try {
                        events.add(fields.toEvent(requestTrace));
                    } catch (JsonFormatException e) {
                        refusal = new JsonFormatException("event [" + count + "]: " + e.getMessage());
                    }
                }
                count++;
            }
            if (count == 0 || count > MAX_EVENTS) {
                refusal = new JsonFormatException("an array of events must hold 1 to " + MAX_EVENTS + " events");
            }
        } else {
            EventFields fields = event(t);
            try {
                events.add(fields.toEvent(requestTrace));
            } catch (JsonFormatException e) {
                refusal = e;
            }
        }
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw new JsonFormatException("malformed JSON: Trailing token (of type " + trailing + ") found after value (bound as "
                    + "`com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`"
                    + " at line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr());
        }
        if (refusal != null) {
            throw refusal;
        }
        return events;
    }

    /** Reads one event value whose first token is {@code t}, through its last token. */
    private EventFields event(JsonToken t) throws IOException {
        EventFields fields = new EventFields();
        if (t != JsonToken.START_OBJECT) {
            fields.notObject();
            skipValue(t);
            return fields;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (checkStrings) {
                checkName(name);
            }
            JsonToken value = p.nextToken();
            int field = EventFields.textField(name);
            if (field >= 0) {
                if (value == JsonToken.VALUE_STRING) {
                    fields.text(field, p.getText());
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.wrongType(field, kind(value));
                    skipValue(value);
                }
            } else if (name.equals("data")) {
                data(value, fields);
            } else {
                fields.unknown(name);
                skipValue(value);
            }
        }
        return fields;
    }

    /** The {@code data} member: null, or an array whose entries are kept as their JSON text. */
    private void data(JsonToken t, EventFields fields) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            fields.dataNotArray();
            skipValue(t);
            return;
        }
        List<DataArray.Data> items = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int from = (int) p.currentTokenLocation().getByteOffset();
            if (t == JsonToken.VALUE_STRING && !checkStrings) {
                p.finishToken(); // to its closing quote, so the location below is its end
            } else {
                skipValue(t);
            }
            int to = (int) p.currentLocation().getByteOffset();
            items.add(new DataArray.Data.Json(new String(body, offset + from, to - from, StandardCharsets.UTF_8)));
        }
        fields.data(new DataArray(items));
    }

    /** Moves past the value whose first token is {@code t}, checking its strings and names when needed. */
    private void skipValue(JsonToken t) throws IOException {
        if (!checkStrings) {
            p.skipChildren();
            return;
        }
        int depth = 0;
        do {
            if (t == null) {
                return; // the parser reports the truncation on its next call
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME) {
                checkName(p.currentName());
            } else if (t == JsonToken.VALUE_STRING) {
                checkString();
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
    }

    private void checkName(String name) {
        if (Utf8.loneSurrogate(name) >= 0) {
            throw InvalidInput.at(p.getParsingContext(), true, InvalidInput.SURROGATE);
        }
    }

    private void checkString() throws IOException {
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        if (Utf8.loneSurrogate(chars, from, from + p.getTextLength()) >= 0) {
            throw InvalidInput.at(p.getParsingContext(), false, InvalidInput.SURROGATE);
        }
    }

    /** How the tree API named a JSON value's type in "must be a string, was ..." messages. */
    private static String kind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
