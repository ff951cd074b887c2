package dev.eventbridge.connectout.jms;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * The options every Jakarta Messaging target has beside the kit's shared ones, whatever the
 * provider: the destination, replies and message properties. Keys look like
 * {@code <plugin>.targets.<target>.<option>}.
 */
public final class JmsOptions {

    public static final ConfigOption<String> QUEUE = ConfigOption.string("queue", null,
            "Queue events are sent to; set this or topic.");
    public static final ConfigOption<String> TOPIC = ConfigOption.string("topic", null,
            "Topic events are sent to; set this or queue.");
    public static final ConfigOption<String> REPLY_QUEUE = ConfigOption.string("reply.queue", null,
            "Queue the bridge reads replies from: a message whose correlation id is an event id becomes an event "
                    + "with cid = that id. None by default.");
    public static final ConfigOption<Boolean> PERSISTENT = ConfigOption.bool("persistent", true,
            "Send messages with persistent delivery mode.");
    public static final ConfigOption<Duration> TTL = ConfigOption.duration("ttl", Duration.ZERO,
            "Message time to live; 0 means messages never expire.")
            .mustBe("zero or positive", d -> !d.isNegative());
    public static final ConfigOption<Integer> PRIORITY = ConfigOption.integer("priority", 4,
            "Message priority, 0 (lowest) to 9.")
            .mustBe("between 0 and 9", p -> p >= 0 && p <= 9);

    private static final List<ConfigOption<?>> ALL = List.of(QUEUE, TOPIC, REPLY_QUEUE, PERSISTENT, TTL, PRIORITY);

    /**
     * One target's destination and message options, read and checked.
     *
     * @param destination the queue or topic name events are sent to
     * @param topic       whether {@code destination} is a topic
     * @param replyQueue  the queue replies are read from, or null
     * @param persistent  whether messages are sent persistent
     * @param timeToLive  message time to live; zero for none
     * @param priority    message priority, 0 to 9
     */
    public record Destination(String destination, boolean topic, String replyQueue, boolean persistent,
                              Duration timeToLive, int priority) {

        /** The destination for logs: {@code queue ORDERS.IN} or {@code topic orders}. */
        public String label() {
            return (topic ? "topic " : "queue ") + destination;
        }
    }

    private JmsOptions() {
    }

    /** Declares the options on the {@code targets} group. */
    public static void declare(ConfigSection targets) {
        ALL.forEach(targets::declare);
    }

    /**
     * Reads one target entry.
     *
     * @throws dev.eventbridge.api.config.ConfigException when both or neither of queue and topic are set
     */
    public static Destination read(ConfigSection entry) {
        String queue = entry.get(QUEUE);
        String topic = entry.get(TOPIC);
        if (queue != null && topic != null) {
            throw entry.invalid(QUEUE, "set either queue or topic, not both");
        }
        if (queue == null && topic == null) {
            throw entry.invalid(QUEUE, "set the queue (or the topic) events are sent to");
        }
        if ((queue != null && queue.isBlank()) || (topic != null && topic.isBlank())) {
            throw entry.invalid(queue != null ? QUEUE : TOPIC, "must not be blank");
        }
        return new Destination(queue != null ? queue : topic, topic != null, entry.get(REPLY_QUEUE),
                entry.get(PERSISTENT), entry.get(TTL), entry.get(PRIORITY));
    }
}
