package dev.eventbridge.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.store.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Events as the HTTP API shows them, written as UTF-8 JSON with a streaming generator:
 * {@code {"id", "sequence", "namespace", "type", "topic", "reference", "cid", "created"}}, the trace
 * context {@code "traceparent"} and {@code "tracestate"} when the event has them, and, when
 * data is given, {@code "data"}: each JSON entry written verbatim (never re-rendered, so numbers
 * read back as they were published), each binary entry as {@code {"base64": ..., "contentType": ...}}.
 */
public final class EventJson {

    /** Writes characters outside the BMP as 4-byte UTF-8 rather than as a pair of escapes, as the tree writer did. */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    private EventJson() {
    }

    /** One event as a JSON object; with {@code "data"} when {@code data} is not null. */
    public static byte[] event(Event event, DataArray data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data == null ? 256 : 256 + estimate(data));
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, event, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Events without data as a JSON array (the answer to a publish of several events). */
    public static byte[] events(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + events.size() * 256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Event e : events) {
                write(g, e, null);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Stored events as a JSON array, each with {@code "data"} when it was read with its data. */
    public static byte[] stored(List<StoredEvent> events) {
        int size = 16;
        for (StoredEvent e : events) {
            size += 256 + (e.data() == null ? 0 : estimate(e.data()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (StoredEvent e : events) {
                write(g, e.event(), e.data());
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes one event object to {@code g}; with {@code "data"} when {@code data} is not null. */
    public static void write(JsonGenerator g, Event event, DataArray data) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", event.id().toString());
        g.writeNumberField("sequence", event.sequence());
        text(g, "namespace", event.namespace());
        text(g, "type", event.type());
        text(g, "topic", event.topic());
        text(g, "reference", event.reference());
        text(g, "cid", event.cid() == null ? null : event.cid().toString());
        g.writeStringField("created", event.created().toString());
        if (event.traceparent() != null) {
            text(g, "traceparent", event.traceparent());
            if (event.tracestate() != null) {
                text(g, "tracestate", event.tracestate());
            }
        }
        if (data != null) {
            g.writeFieldName("data");
            writeData(g, data);
        }
        g.writeEndObject();
    }

    /** Writes {@code data} as a JSON array: JSON entries verbatim, binary entries as {@code {"base64", "contentType"}}. */
    public static void writeData(JsonGenerator g, DataArray data) throws IOException {
        g.writeStartArray();
        for (DataArray.Data item : data.items()) {
            if (item instanceof DataArray.Data.Json json) {
                g.writeRawValue(json.json());
            } else if (item instanceof DataArray.Data.Binary binary) {
                g.writeStartObject();
                g.writeStringField("base64", Base64.getEncoder().encodeToString(binary.bytes()));
                if (binary.contentType() != null) {
                    text(g, "contentType", binary.contentType());
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    /**
     * A text field, null as JSON null. An unpaired surrogate (which the store refuses, so only
     * older data could hold one) is written as U+FFFD: the generator would otherwise pair it with
     * the next character.
     */
    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, Utf8.wellFormed(value));
        }
    }

    private static int estimate(DataArray data) {
        int n = 2;
        for (DataArray.Data item : data.items()) {
            n += item instanceof DataArray.Data.Json json ? json.json().length() + 1 : ((DataArray.Data.Binary) item).bytes().length * 4 / 3 + 64;
        }
        return n;
    }
}
