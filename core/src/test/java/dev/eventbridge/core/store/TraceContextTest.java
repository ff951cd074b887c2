package dev.eventbridge.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link TraceContext} reads traceparent and tracestate as the W3C Trace Context recommendation says. */
class TraceContextTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_ID = "00f067aa0ba902b7";
    static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    @Test
    @DisplayName("a version 00 traceparent is kept as sent: 55 characters of lower-case hex, any flags")
    void validVersion00() {
        assertEquals(VALID, TraceContext.traceparent(VALID));
        assertEquals("00-" + TRACE_ID + "-" + PARENT_ID + "-00", TraceContext.traceparent("00-" + TRACE_ID + "-" + PARENT_ID + "-00"));
        assertEquals("00-" + TRACE_ID + "-" + PARENT_ID + "-fe", TraceContext.traceparent("00-" + TRACE_ID + "-" + PARENT_ID + "-fe"));
    }

    @Test
    @DisplayName("refused: all-zero trace id or parent id, upper-case hex, a wrong length, version ff, bad separators, non-hex, a version 00 with more fields")
    void invalid() {
        List<String> bad = List.of(
                "00-00000000000000000000000000000000-" + PARENT_ID + "-01",
                "00-" + TRACE_ID + "-0000000000000000-01",
                "00-" + TRACE_ID.toUpperCase() + "-" + PARENT_ID + "-01",
                "00-" + TRACE_ID + "-" + PARENT_ID.toUpperCase() + "-01",
                "00-" + TRACE_ID + "-" + PARENT_ID + "-0A",
                "0A-" + TRACE_ID + "-" + PARENT_ID + "-01",
                VALID.substring(0, 54),
                VALID + "0",
                VALID + "-",
                VALID + "-what-ever",
                " " + VALID,
                "00-" + TRACE_ID + "1-" + PARENT_ID.substring(1) + "-01",
                "00_" + TRACE_ID + "-" + PARENT_ID + "-01",
                "00-" + TRACE_ID + "_" + PARENT_ID + "-01",
                "00-" + TRACE_ID + "-" + PARENT_ID + "_01",
                "00-" + TRACE_ID.replace('4', 'g') + "-" + PARENT_ID + "-01",
                "ff-" + TRACE_ID + "-" + PARENT_ID + "-01",
                "ff-" + TRACE_ID + "-" + PARENT_ID + "-01-extra",
                "", "00", "not a traceparent");
        for (String value : bad) {
            assertNull(TraceContext.traceparent(value), value);
        }
        assertNull(TraceContext.traceparent(null));
    }

    @Test
    @DisplayName("a higher version: its first four fields are read, what follows a '-' after them is ignored, and it is kept in the version 00 form")
    void futureVersion() {
        assertEquals(VALID, TraceContext.traceparent("01-" + TRACE_ID + "-" + PARENT_ID + "-01"));
        assertEquals(VALID, TraceContext.traceparent("cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future-holds"));
        assertNull(TraceContext.traceparent("cc-" + TRACE_ID + "-" + PARENT_ID + "-01what"), "flags followed by neither the end nor '-'");
        assertNull(TraceContext.traceparent("cc-" + TRACE_ID + "-" + PARENT_ID + "-0"), "shorter than 55");
        assertNull(TraceContext.traceparent("cc-00000000000000000000000000000000-" + PARENT_ID + "-01"));
    }

    @Test
    @DisplayName("a tracestate of at most 32 list-members and 512 characters with allowed characters is kept verbatim; otherwise it is dropped")
    void tracestate() {
        for (String ok : List.of("congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "rojo=1, congo=2 ,\tx=3",
                "a=1,,b=2", "tenant1@vendor=v a l", "fw529a3039@dt=FW529a3039-ad0", "k_-*/9=!\"#$%&'()*+-./:;<>?@[]^_`{|}~")) {
            assertEquals(ok, TraceContext.tracestate(ok), ok);
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            members.add("k" + i + "=v");
        }
        assertEquals(String.join(",", members), TraceContext.tracestate(String.join(",", members)), "32 members");
        members.add("k32=v");
        assertNull(TraceContext.tracestate(String.join(",", members)), "33 members");
        String longest = "k=" + "v".repeat(TraceContext.MAX_TRACESTATE - 2);
        assertNull(TraceContext.tracestate(longest), "a value of more than 256 characters");
        String at512 = "a=" + "v".repeat(250) + ",b=" + "v".repeat(256);
        assertEquals(511, at512.length());
        assertEquals(at512, TraceContext.tracestate(at512));
        assertNull(TraceContext.tracestate(at512 + ",c=1"), "more than 512 characters of valid members");
        for (String bad : List.of("", " ", ",", "Congo=x", "1abc=x", "k", "k=", "=v", "k=v=w", "k=a\u00e9", "k=v\n", "k=v,k=w",
                "t@1vendor=x", "t@vendorvendorvend=x", "k=v;w=x")) {
            assertNull(TraceContext.tracestate(bad), bad);
        }
    }

    @Test
    @DisplayName("headers: one valid traceparent gives the trace context, tracestate headers joined with commas; none, an invalid one or two traceparents give none")
    void fromHeaders() {
        assertEquals(new TraceContext(VALID, "a=1,b=2"), TraceContext.fromHeaders(List.of(VALID), List.of("a=1", "b=2")));
        assertEquals(new TraceContext(VALID, null), TraceContext.fromHeaders(List.of(VALID), List.of()));
        assertEquals(new TraceContext(VALID, null), TraceContext.fromHeaders(List.of(VALID), List.of("A=1")), "a bad tracestate is dropped");
        assertNull(TraceContext.fromHeaders(List.of(), List.of("a=1")));
        assertNull(TraceContext.fromHeaders(List.of(VALID.toUpperCase()), List.of("a=1")));
        assertNull(TraceContext.fromHeaders(List.of(VALID, VALID), List.of()));
    }
}
