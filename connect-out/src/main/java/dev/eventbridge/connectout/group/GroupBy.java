package dev.eventbridge.connectout.group;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import java.util.Objects;

/**
 * Which field of an event becomes the message's group key (the option {@code group.by}): brokers
 * hand all messages of one group to one consumer at a time, in order, so consumers scale out with
 * order kept per key.
 *
 * <p>Values: {@code none}; {@code reference}; {@code topic}; {@code data:<member>}, a top-level
 * member of the event's first data value when that is a JSON object, used when it is a string (its
 * text) or a number (its JSON text). An event without the field (no reference, an empty topic, no
 * data or no such member, or data not sent because the subscription is without data) has no group.
 */
public final class GroupBy {

    /** No grouping. */
    public static final GroupBy NONE = new GroupBy(Kind.NONE, null);

    private static final String DATA_PREFIX = "data:";

    private enum Kind { NONE, REFERENCE, TOPIC, DATA }

    private final Kind kind;
    private final String member;

    private GroupBy(Kind kind, String member) {
        this.kind = kind;
        this.member = member;
    }

    /**
     * Parses an option value.
     *
     * @throws IllegalArgumentException if it is not {@code none}, {@code reference}, {@code topic} or
     *     {@code data:<member>} with a non-blank member
     */
    public static GroupBy parse(String value) {
        Objects.requireNonNull(value, "value");
        switch (value) {
            case "none":
                return NONE;
            case "reference":
                return new GroupBy(Kind.REFERENCE, null);
            case "topic":
                return new GroupBy(Kind.TOPIC, null);
            default:
                if (value.startsWith(DATA_PREFIX) && !value.substring(DATA_PREFIX.length()).isBlank()) {
                    return new GroupBy(Kind.DATA, value.substring(DATA_PREFIX.length()));
                }
                throw new IllegalArgumentException("'" + value + "' is not none, reference, topic or data:<member>");
        }
    }

    /** Whether {@link #parse} accepts {@code value}. */
    public static boolean isValid(String value) {
        try {
            parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether this groups at all. */
    public boolean enabled() {
        return kind != Kind.NONE;
    }

    /**
     * The group key of one event, or null for none.
     *
     * @param data the event's data, or null when the subscription is without data
     */
    public String key(Event event, DataArray data) {
        return switch (kind) {
            case NONE -> null;
            case REFERENCE -> event.reference() == null || event.reference().isEmpty() ? null : event.reference();
            case TOPIC -> event.topic().isEmpty() ? null : event.topic();
            case DATA -> data == null || data.isEmpty() || !(data.items().get(0) instanceof DataArray.Data.Json json)
                    ? null : JsonMember.scalar(json.json(), member);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.DATA ? DATA_PREFIX + member : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
