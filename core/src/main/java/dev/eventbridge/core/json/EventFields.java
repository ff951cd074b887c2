package dev.eventbridge.core.json;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.EventRules;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.TraceContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The fields of one published event as the parser met them; {@link #toEvent} then applies the
 * checks in the order the tree-based API applied them, so the first problem reported is the same.
 */
final class EventFields {

    static final Set<String> ALLOWED = Set.of("namespace", "type", "topic", "reference", "cid", "traceparent", "tracestate", "data");
    private static final String ALLOWED_LIST = String.join(", ", new TreeSet<>(ALLOWED));
    private static final Pattern NAMESPACE_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static final int NAMESPACE = 0;
    static final int TYPE = 1;
    static final int TOPIC = 2;
    static final int REFERENCE = 3;
    static final int CID = 4;
    static final int TRACEPARENT = 5;
    static final int TRACESTATE = 6;
    private static final String[] NAMES = {"namespace", "type", "topic", "reference", "cid", "traceparent", "tracestate"};

    private final String[] text = new String[NAMES.length];
    private final String[] wrongType = new String[NAMES.length];
    private boolean notObject;
    private String unknown;
    private boolean dataNotArray;
    private DataArray data;

    /** The index of a text field ({@link #TYPE}...), or -1 for {@code data} and unknown names. */
    static int textField(String name) {
        return switch (name) {
            case "namespace" -> NAMESPACE;
            case "type" -> TYPE;
            case "topic" -> TOPIC;
            case "reference" -> REFERENCE;
            case "cid" -> CID;
            case "traceparent" -> TRACEPARENT;
            case "tracestate" -> TRACESTATE;
            default -> -1;
        };
    }

    void notObject() {
        notObject = true;
    }

    /** Records the first field name that is not allowed. */
    void unknown(String name) {
        if (unknown == null) {
            unknown = name;
        }
    }

    void text(int field, String value) {
        text[field] = value;
    }

    /** A text field given as another kind of JSON value: object, array, number or boolean. */
    void wrongType(int field, String kind) {
        wrongType[field] = kind;
    }

    void dataNotArray() {
        dataNotArray = true;
    }

    void data(DataArray value) {
        data = value;
    }

    /**
     * The event, with a new id and the trace context of its own {@code traceparent} member (with its
     * {@code tracestate} member, dropped unless {@link TraceContext} keeps it), or else
     * {@code requestTrace}: the body's trace context wins, per event. A {@code tracestate} member
     * without a {@code traceparent} member is ignored (it has no trace to belong to).
     *
     * @param requestTrace the trace context of the request's headers, or null
     * @throws JsonFormatException naming the first field that is wrong
     */
    NewEvent toEvent(TraceContext requestTrace) {
        if (notObject) {
            throw new JsonFormatException("an event must be a JSON object");
        }
        if (unknown != null) {
            throw new JsonFormatException("unknown field '" + unknown + "' in event (allowed: " + ALLOWED_LIST + ")");
        }
        String type = text(TYPE, EventRules.MAX_TYPE);
        if (type == null || type.isBlank()) {
            throw new JsonFormatException("field 'type' is required");
        }
        String namespace = text(NAMESPACE, EventRules.MAX_NAMESPACE);
        namespace = namespace == null ? "default" : namespace;
        if (!NAMESPACE_PATTERN.matcher(namespace).matches()) {
            throw new JsonFormatException("field 'namespace' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String cid = text(CID, 36);
        UUID cidValue = null;
        if (cid != null) {
            try {
                cidValue = UUID.fromString(cid);
            } catch (IllegalArgumentException e) {
                throw new JsonFormatException("field 'cid' must be a UUID");
            }
        }
        String topic = text(TOPIC, EventRules.MAX_TOPIC);
        String reference = text(REFERENCE, EventRules.MAX_REFERENCE);
        if (dataNotArray) {
            throw new JsonFormatException("field 'data' must be an array of JSON values");
        }
        String traceparent = text(TRACEPARENT, Integer.MAX_VALUE);
        String tracestate = text(TRACESTATE, Integer.MAX_VALUE);
        if (traceparent != null) {
            String checked = TraceContext.traceparent(traceparent);
            if (checked == null) {
                throw new JsonFormatException("field 'traceparent' " + TraceContext.whyNotTraceparent(traceparent));
            }
            traceparent = checked;
            tracestate = tracestate == null ? null : TraceContext.tracestate(tracestate);
        } else if (requestTrace != null) {
            traceparent = requestTrace.traceparent();
            tracestate = requestTrace.tracestate();
        } else {
            tracestate = null;
        }
        NewEvent event = new NewEvent(dev.eventbridge.core.store.EventIds.next(), namespace, type, topic, reference, cidValue,
                data == null ? DataArray.empty() : data, traceparent, tracestate);
        try {
            EventRules.check(event);
        } catch (InvalidEventException e) {
            throw new JsonFormatException(e.getMessage());
        }
        return event;
    }

    /** A text field's value, or null when absent or null; fails if it had another type or is too long. */
    private String text(int field, int maxLength) {
        if (wrongType[field] != null) {
            throw new JsonFormatException("field '" + NAMES[field] + "' must be a string, was " + wrongType[field]);
        }
        String value = text[field];
        if (value != null && value.length() > maxLength) {
            throw new JsonFormatException("field '" + NAMES[field] + "' is longer than " + maxLength + " characters");
        }
        return value;
    }
}
