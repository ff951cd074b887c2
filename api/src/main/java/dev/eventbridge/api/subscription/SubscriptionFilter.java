package dev.eventbridge.api.subscription;

/**
 * Which events a subscription receives: each non-null field is a regular expression
 * ({@link java.util.regex.Pattern} syntax) that must match the whole of the event's field. The event's
 * namespace must always equal the subscription's.
 *
 * @param type matched against the event type
 * @param topic matched against the event topic
 * @param reference matched against the event reference (an event without one does not match)
 */
public record SubscriptionFilter(String type, String topic, String reference) {

    /** Matches every event of the namespace. */
    public static final SubscriptionFilter ALL = new SubscriptionFilter(null, null, null);

    /** A filter on event type only. */
    public static SubscriptionFilter byType(String typeRegex) {
        return new SubscriptionFilter(typeRegex, null, null);
    }

    /** A filter on topic only. */
    public static SubscriptionFilter byTopic(String topicRegex) {
        return new SubscriptionFilter(null, topicRegex, null);
    }
}
