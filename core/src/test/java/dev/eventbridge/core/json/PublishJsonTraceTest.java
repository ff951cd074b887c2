package dev.eventbridge.core.json;

import static dev.eventbridge.core.json.PublishJsonExactTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.TraceContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The trace context of a publish: the CloudEvents distributed-tracing members of each event, and the request's headers. */
class PublishJsonTraceTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String BODY_TP = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String HEADER_TP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final TraceContext HEADERS = new TraceContext(HEADER_TP, "header=1");

    private static String refusal(String body) {
        return assertThrows(JsonFormatException.class, () -> PublishJson.parse(utf8(body))).getMessage();
    }

    private static String withTraceparent(String traceparent) {
        return "[{\"type\":\"t\",\"traceparent\":\"" + traceparent + "\"}]";
    }

    @Test
    @DisplayName("the members traceparent and tracestate are stored; without them an event has no trace context")
    void members() {
        List<NewEvent> events = PublishJson.parse(utf8("[{\"type\":\"t\",\"traceparent\":\"" + BODY_TP + "\",\"tracestate\":\"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE\"},"
                + "{\"type\":\"t\",\"traceparent\":\"" + BODY_TP + "\"},{\"type\":\"t\"},{\"type\":\"t\",\"traceparent\":null,\"tracestate\":null}]"));
        assertEquals(BODY_TP, events.get(0).traceparent());
        assertEquals("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", events.get(0).tracestate());
        assertEquals(BODY_TP, events.get(1).traceparent());
        assertNull(events.get(1).tracestate());
        assertNull(events.get(2).traceparent());
        assertNull(events.get(3).traceparent());
        assertNull(events.get(3).tracestate());
    }

    @Test
    @DisplayName("a bad traceparent member is a 400 naming the field: all-zero trace id, upper-case hex, wrong length, version ff, not a string")
    void badTraceparentRefused() {
        String expected = "event [0]: field 'traceparent' is not a W3C traceparent";
        for (String bad : List.of("00-00000000000000000000000000000000-00f067aa0ba902b7-01", BODY_TP.toUpperCase(), BODY_TP.substring(1),
                BODY_TP + "0", "ff" + BODY_TP.substring(2), "00-" + TRACE_ID + "-0000000000000000-01", "")) {
            String message = refusal(withTraceparent(bad));
            assertEquals(expected, message.substring(0, Math.min(message.length(), expected.length())), bad + ": " + message);
        }
        assertEquals("field 'traceparent' must be a string, was number", refusal("{\"type\":\"t\",\"traceparent\":42}"));
        assertEquals("field 'tracestate' must be a string, was object", refusal("{\"type\":\"t\",\"traceparent\":\"" + BODY_TP + "\",\"tracestate\":{}}"));
    }

    @Test
    @DisplayName("a higher version's traceparent with extra fields is accepted and kept in its version 00 form")
    void futureVersion() {
        NewEvent e = PublishJson.parse(utf8(withTraceparent("cc" + BODY_TP.substring(2) + "-extra-fields"))).get(0);
        assertEquals(BODY_TP, e.traceparent());
    }

    @Test
    @DisplayName("a bad tracestate member is dropped, not refused; a tracestate without a traceparent is ignored")
    void badTracestateDropped() {
        NewEvent e = PublishJson.parse(utf8("{\"type\":\"t\",\"traceparent\":\"" + BODY_TP + "\",\"tracestate\":\"Not Valid\"}")).get(0);
        assertEquals(BODY_TP, e.traceparent());
        assertNull(e.tracestate());
        NewEvent orphan = PublishJson.parse(utf8("{\"type\":\"t\",\"tracestate\":\"a=1\"}")).get(0);
        assertNull(orphan.traceparent());
        assertNull(orphan.tracestate());
    }

    @Test
    @DisplayName("the request's headers apply to each event without a traceparent of its own; an event's own traceparent wins, with its own tracestate only")
    void headersAndBody() {
        List<NewEvent> events = PublishJson.parse(utf8("[{\"type\":\"a\"},{\"type\":\"b\",\"traceparent\":\"" + BODY_TP + "\"},"
                + "{\"type\":\"c\",\"traceparent\":\"" + BODY_TP + "\",\"tracestate\":\"body=2\"},{\"type\":\"d\",\"tracestate\":\"body=3\"}]"), HEADERS);
        assertEquals(List.of(HEADER_TP, BODY_TP, BODY_TP, HEADER_TP), events.stream().map(NewEvent::traceparent).toList());
        assertEquals(java.util.Arrays.asList("header=1", null, "body=2", "header=1"), events.stream().map(NewEvent::tracestate).toList());
        NewEvent single = PublishJson.parse(utf8("{\"type\":\"a\"}"), HEADERS).get(0);
        assertEquals(HEADER_TP, single.traceparent());
        assertEquals("header=1", single.tracestate());
        assertEquals("event [1]: field 'traceparent' is not a W3C traceparent", refusal("[{\"type\":\"a\"},{\"type\":\"b\",\"traceparent\":\"x\"}]")
                .substring(0, "event [1]: field 'traceparent' is not a W3C traceparent".length()));
    }

    @Test
    @DisplayName("an unknown field's message lists traceparent and tracestate among the allowed ones")
    void allowedList() {
        assertEquals("unknown field 'colour' in event (allowed: cid, data, namespace, reference, topic, traceparent, tracestate, type)",
                refusal("{\"type\":\"t\",\"colour\":\"red\"}"));
    }
}
