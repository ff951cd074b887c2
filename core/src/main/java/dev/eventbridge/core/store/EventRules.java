package dev.eventbridge.core.store;

/**
 * What every store keeps exactly: the checks an event passes before it joins a group commit, so
 * one event the database would refuse cannot fail the others in its transaction. The limits are
 * the column sizes of {@code eb_events}; NUL is refused on every store (PostgreSQL cannot store it
 * in text, and an event accepted by one store must be accepted by the others), as are unpaired
 * surrogates (not encodable as UTF-8, so not storable exactly). A trace context must be one
 * {@link TraceContext} keeps: the HTTP API drops a bad tracestate before it gets here.
 */
public final class EventRules {

    public static final int MAX_NAMESPACE = 64;
    public static final int MAX_TYPE = 256;
    public static final int MAX_TOPIC = 256;
    public static final int MAX_REFERENCE = 1024;

    private EventRules() {
    }

    /** Throws if the store could not keep {@code e} exactly; the message names the field. */
    public static void check(NewEvent e) {
        text("namespace", e.namespace(), MAX_NAMESPACE);
        text("type", e.type(), MAX_TYPE);
        text("topic", e.topic(), MAX_TOPIC);
        text("reference", e.reference(), MAX_REFERENCE);
        if (e.traceparent() != null && !e.traceparent().equals(TraceContext.traceparent(e.traceparent()))) {
            throw new InvalidEventException("traceparent", "is not a W3C traceparent in its version 00 form");
        }
        if (e.tracestate() != null && (e.traceparent() == null || !e.tracestate().equals(TraceContext.tracestate(e.tracestate())))) {
            throw new InvalidEventException("tracestate", "is not a W3C tracestate of a traceparent (at most "
                    + TraceContext.MAX_TRACESTATE + " characters, " + TraceContext.MAX_MEMBERS + " list-members)");
        }
    }

    private static void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new InvalidEventException(field, "is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new InvalidEventException(field, "contains a NUL character (U+0000), which the store cannot keep");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidEventException(field, "contains an unpaired surrogate (not valid Unicode), which the store cannot keep");
                }
                i++;
            }
        }
    }
}
