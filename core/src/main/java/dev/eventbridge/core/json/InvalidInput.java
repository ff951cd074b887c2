package dev.eventbridge.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** Errors for publish input that cannot be kept exactly, naming the field from the parser's context. */
final class InvalidInput {

    static final String SURROGATE = "contains an unpaired surrogate (not valid Unicode), which the store cannot keep";

    private InvalidInput() {
    }

    /**
     * The error for a body whose first ill-formed UTF-8 sequence starts at {@code bad} (relative to
     * {@code offset}). Slow path: parses a copy in which every ill-formed byte is replaced by
     * {@code '?'} (offsets unchanged) to find the string or field name holding it. A syntax error
     * before that byte is reported as such, as a parse of the body would.
     */
    static JsonFormatException utf8(byte[] body, int offset, int length, int bad) {
        byte[] copy = Arrays.copyOfRange(body, offset, offset + length);
        for (int i = bad; i >= 0; ) {
            copy[i] = '?';
            int next = Utf8.scan(copy, i + 1, copy.length);
            i = next >= 0 ? next : -1;
        }
        String problem = "is not valid UTF-8 (byte " + bad + " of the body)";
        try (JsonParser p = Json.MAPPER.getFactory().createParser(copy)) {
            try {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
                        long start = p.currentTokenLocation().getByteOffset();
                        if (t == JsonToken.VALUE_STRING) {
                            p.finishToken();
                        }
                        if (start <= bad && bad < p.currentLocation().getByteOffset()) {
                            return at(p.getParsingContext(), t == JsonToken.FIELD_NAME, problem);
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                JsonLocation location = e.getLocation();
                if (location != null && location.getByteOffset() >= 0 && location.getByteOffset() < bad) {
                    return Json.malformed(e);
                }
                return at(p.getParsingContext(), false, problem);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JsonFormatException("the body " + problem);
    }

    /**
     * An error naming where the parser is: {@code event [i]: } when the body is an array of events,
     * then {@code field 'data[0].name'} (or {@code the name of field '...'} when the name itself is
     * the problem), then {@code problem}.
     */
    static JsonFormatException at(JsonStreamContext context, boolean name, String problem) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        String prefix = "";
        if (!chain.isEmpty() && chain.peek().inArray()) {
            prefix = "event [" + chain.pop().getCurrentIndex() + "]: ";
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject()) {
                if (c.getCurrentName() == null) {
                    break;
                }
                path.append(path.length() == 0 ? "" : ".").append(Utf8.printable(c.getCurrentName()));
            } else {
                path.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        String subject;
        if (path.length() == 0) {
            subject = prefix.isEmpty() ? "the body" : "the event";
        } else {
            subject = (name ? "the name of field '" : "field '") + path + "'";
        }
        return new JsonFormatException(prefix + subject + " " + problem);
    }
}
