package dev.eventbridge.plugin.jms.target;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import java.time.Duration;

/**
 * The options every Jakarta Messaging target has, whatever the provider: credentials, destination,
 * replies, which subscriptions it serves, message properties and reconnect pacing. Keys look like
 * {@code <plugin>.targets.<target>.<option>}.
 */
public final class TargetOptions {

    public static final ConfigOption<String> USERNAME = ConfigOption.string("username", null,
            "User name for the broker; the connection factory's own when absent.");
    public static final ConfigOption<String> PASSWORD = ConfigOption.password("password",
            "Password for the broker; never logged.");
    public static final ConfigOption<String> QUEUE = ConfigOption.string("queue", null,
            "Queue events are sent to; set this or topic.");
    public static final ConfigOption<String> TOPIC = ConfigOption.string("topic", null,
            "Topic events are sent to; set this or queue.");
    public static final ConfigOption<String> REPLY_QUEUE = ConfigOption.string("reply.queue", null,
            "Queue the bridge reads replies from: a message whose correlation id is an event id becomes an event "
                    + "with cid = that id. None by default.");
    public static final ConfigOption<String> REPLY_TYPE = ConfigOption.string("reply.type", "reply",
            "Event type of a reply message that carries no type property.");
    public static final ConfigOption<String> SUBSCRIPTIONS = ConfigOption.regex("subscriptions", ".*",
            "Regular expression on the names of the subscriptions this target serves.");
    public static final ConfigOption<String> NAMESPACE = ConfigOption.string("namespace", null,
            "Namespace of the subscriptions this target serves; any by default.");
    public static final ConfigOption<Boolean> PERSISTENT = ConfigOption.bool("persistent", true,
            "Send messages with persistent delivery mode.");
    public static final ConfigOption<Duration> TTL = ConfigOption.duration("ttl", Duration.ZERO,
            "Message time to live; 0 means messages never expire.")
            .mustBe("zero or positive", d -> !d.isNegative());
    public static final ConfigOption<Integer> PRIORITY = ConfigOption.integer("priority", 4,
            "Message priority, 0 (lowest) to 9.")
            .mustBe("between 0 and 9", p -> p >= 0 && p <= 9);
    public static final ConfigOption<Duration> RECONNECT_INITIAL_DELAY = ConfigOption.duration("reconnect.initial.delay",
            Duration.ofMillis(500), "First pause between connection attempts; doubles up to reconnect.max.delay.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());
    public static final ConfigOption<Duration> RECONNECT_MAX_DELAY = ConfigOption.duration("reconnect.max.delay",
            Duration.ofSeconds(30), "Longest pause between connection attempts.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());

    private TargetOptions() {
    }

    /** Declares the shared options on the {@code targets} group. */
    public static void declare(ConfigSection targets) {
        for (ConfigOption<?> option : new ConfigOption<?>[] {USERNAME, PASSWORD, QUEUE, TOPIC, REPLY_QUEUE, REPLY_TYPE,
                SUBSCRIPTIONS, NAMESPACE, PERSISTENT, TTL, PRIORITY, RECONNECT_INITIAL_DELAY, RECONNECT_MAX_DELAY}) {
            targets.declare(option);
        }
    }

    /**
     * Reads one target entry.
     *
     * @throws dev.eventbridge.api.config.ConfigException when both or neither of queue and topic are set
     */
    public static TargetSettings read(String plugin, String target, ConfigSection entry, String displayUrl) {
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
        return new TargetSettings(plugin + "." + target, displayUrl, entry.get(USERNAME), entry.get(PASSWORD),
                queue != null ? queue : topic, topic != null, entry.get(REPLY_QUEUE), entry.get(REPLY_TYPE),
                SubscriptionMatcher.byName(entry.get(NAMESPACE), entry.get(SUBSCRIPTIONS)), entry.get(PERSISTENT),
                entry.get(TTL), entry.get(PRIORITY), entry.get(RECONNECT_INITIAL_DELAY), entry.get(RECONNECT_MAX_DELAY));
    }

}
