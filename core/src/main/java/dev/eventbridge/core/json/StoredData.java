package dev.eventbridge.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.eventbridge.api.event.DataArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Event data as the store keeps it: UTF-8 JSON text, each entry tagged so that a JSON object never
 * reads back as a binary entry: {@code [{"len":N,"json":<entry>},{"base64":"...","contentType":"..."}]}.
 * {@code len} is the byte length of the JSON entry, which lets {@link #decode(byte[])} cut each entry
 * out of the stored bytes without tokenizing it (in the P1 profile, parsing the stored envelope and
 * decoding it to a string were half of a dispatcher's reads from the store). Data stored before
 * {@code len} existed, or anything the fast path does not recognise, is read by the JSON parser,
 * which ignores {@code len}; so does an older bridge reading data stored by this one.
 *
 * <p>JSON entries are copied verbatim, neither parsed into a tree nor checked again: each is one
 * well-formed JSON value already ({@link PublishJson} cuts them out of the parsed body,
 * {@link Json#normalize} makes reply data so), and {@link #encode} runs on the log writer's thread,
 * which every publish passes through. The envelope is built by hand rather than with a Jackson
 * generator because it is fixed and creating a generator per event was most of the encoding's cost
 * in the ingest profile.
 */
public final class StoredData {

    private static final byte[] JSON_ENTRY = "{\"len\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_FIELD = ",\"json\":".getBytes(StandardCharsets.US_ASCII);

    private StoredData() {
    }

    /** The stored form of {@code data}, UTF-8; null for no data. */
    public static byte[] encode(DataArray data) {
        if (data.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + data.items().size() * 64
                + (data.items().get(0) instanceof DataArray.Data.Json j ? j.json().length() : 0));
        out.write('[');
        boolean first = true;
        for (DataArray.Data item : data.items()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            if (item instanceof DataArray.Data.Json json) {
                byte[] raw = json.json().getBytes(StandardCharsets.UTF_8);
                out.writeBytes(JSON_ENTRY);
                out.writeBytes(Integer.toString(raw.length).getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(JSON_FIELD);
                out.writeBytes(raw);
                out.write('}');
            } else if (item instanceof DataArray.Data.Binary binary) {
                StringBuilder b = new StringBuilder("{\"base64\":\"").append(Base64.getEncoder().encodeToString(binary.bytes())).append('"');
                if (binary.contentType() != null) {
                    b.append(",\"contentType\":\"").append(JsonStringEncoder.getInstance().quoteAsString(binary.contentType())).append('"');
                }
                out.writeBytes(b.append('}').toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write(']');
        return out.toByteArray();
    }

    /** Stored bytes back as data; null or empty is no data. */
    public static DataArray decode(byte[] stored) {
        if (stored == null || stored.length == 0) {
            return DataArray.empty();
        }
        DataArray fast = fastPath(stored);
        return fast != null ? fast : decode(new String(stored, StandardCharsets.UTF_8));
    }

    /** The JSON entries of {@code b} cut out by their {@code len}; null when {@code b} is anything else (then the parser reads it). */
    private static DataArray fastPath(byte[] b) {
        List<DataArray.Data> items = new ArrayList<>(1);
        int i = 1;
        if (b[0] != '[') {
            return null;
        }
        while (true) {
            if (!startsWith(b, i, JSON_ENTRY)) {
                return null;
            }
            i += JSON_ENTRY.length;
            long len = 0;
            int digits = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - digits < 10) {
                len = len * 10 + (b[i++] - '0');
            }
            if (i == digits || !startsWith(b, i, JSON_FIELD)) {
                return null;
            }
            i += JSON_FIELD.length;
            if (len > b.length - i - 2 || b[i + (int) len] != '}') {
                return null;
            }
            items.add(new DataArray.Data.Json(new String(b, i, (int) len, StandardCharsets.UTF_8)));
            i += (int) len + 1;
            if (b[i] == ']') {
                return i == b.length - 1 ? new DataArray(items) : null;
            }
            if (b[i] != ',') {
                return null;
            }
            i++;
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads stored text back with the JSON parser: data stored in a text column by early versions,
     * or before entries carried {@code len}. JSON entries are cut out of the text by the parser's
     * offsets, not rebuilt from a tree.
     */
    public static DataArray decode(String text) {
        if (text == null || text.isEmpty()) {
            return DataArray.empty();
        }
        List<DataArray.Data> items = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
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
                        p.skipChildren(); // len, and anything a later version adds
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
}
