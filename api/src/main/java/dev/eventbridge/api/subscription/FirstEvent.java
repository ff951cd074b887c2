package dev.eventbridge.api.subscription;

/**
 * Where a new subscription starts reading the log. Used only when it has no committed offset yet.
 *
 * @param kind oldest, newest or a given sequence
 * @param sequence for {@link Kind#SEQUENCE}, the first sequence delivered
 */
public record FirstEvent(Kind kind, long sequence) {

    /** The three ways to start. */
    public enum Kind { OLDEST, NEWEST, SEQUENCE }

    public static final FirstEvent OLDEST = new FirstEvent(Kind.OLDEST, 0);
    public static final FirstEvent NEWEST = new FirstEvent(Kind.NEWEST, 0);

    /** Starts at (includes) the event with this sequence. */
    public static FirstEvent sequence(long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("firstEvent sequence must be 1 or more, was " + sequence);
        }
        return new FirstEvent(Kind.SEQUENCE, sequence);
    }

    /**
     * Parses {@code oldest}, {@code newest} or a sequence number.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static FirstEvent parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("oldest")) {
            return OLDEST;
        }
        if (t.equals("newest")) {
            return NEWEST;
        }
        try {
            return sequence(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("firstEvent must be 'oldest', 'newest' or a sequence number, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.SEQUENCE ? Long.toString(sequence) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
