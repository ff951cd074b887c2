package dev.eventbridge.connectout.config;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.connectout.group.GroupBy;
import java.time.Duration;
import java.util.List;

/**
 * The options every connect-out target has, whatever the broker: credentials, which subscriptions
 * it serves, the type of untyped replies and reconnect pacing. Keys look like
 * {@code <plugin>.targets.<target>.<option>}; a plugin declares its own options beside them.
 */
public final class TargetOptions {

    /** The group holding one entry per broker target. */
    public static final String TARGETS = "targets";

    public static final ConfigOption<String> USERNAME = ConfigOption.string("username", null,
            "User name for the broker; none (or the client's default) when absent.");
    public static final ConfigOption<String> PASSWORD = ConfigOption.password("password",
            "Password for the broker; never logged.");
    public static final ConfigOption<String> SUBSCRIPTIONS = ConfigOption.regex("subscriptions", ".*",
            "Regular expression on the names of the subscriptions this target serves.");
    public static final ConfigOption<String> NAMESPACE = ConfigOption.string("namespace", null,
            "Namespace of the subscriptions this target serves; every namespace when absent.")
            .mustBe("not blank (leave it out to serve every namespace)", v -> !v.isBlank());
    public static final ConfigOption<String> REPLY_TYPE = ConfigOption.string("reply.type", "reply",
            "Event type of a reply message that carries no type.")
            .mustBe("not blank", v -> !v.isBlank());
    public static final ConfigOption<Duration> RECONNECT_INITIAL_DELAY = ConfigOption.duration("reconnect.initial.delay",
            Duration.ofMillis(500), "First pause between connection attempts; doubles (±20% jitter) up to "
                    + "reconnect.max.delay.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());
    public static final ConfigOption<Duration> RECONNECT_MAX_DELAY = ConfigOption.duration("reconnect.max.delay",
            Duration.ofSeconds(30), "Longest pause between connection attempts; also the pause after the broker "
                    + "refused the credentials.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());

    public static final ConfigOption<Duration> OPEN_TIMEOUT = ConfigOption.duration("open.timeout",
            Duration.ofSeconds(30), "Longest wait for one connection attempt (connection, session, producer and "
                    + "reply consumer) to complete; an attempt still waiting then is logged as a WARN, abandoned and "
                    + "retried with backoff.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());

    public static final ConfigOption<Duration> SEND_TIMEOUT = ConfigOption.duration("send.timeout",
            Duration.ofSeconds(30), "Longest wait for the broker to confirm one send while the connection is up; a send "
                    + "still unconfirmed then is rejected (one WARN per run of them), freeing its place in the send "
                    + "window, and the core redelivers it: if the broker did store it, that is a duplicate. A late "
                    + "confirmation is ignored.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());

    public static final ConfigOption<String> GROUP_BY = ConfigOption.string("group.by", "none",
            "The event field each message's group key comes from, so that consumers scale out with order kept per key: "
                    + "none, reference, topic, or data:<member> (a top-level string or number member of the event's "
                    + "first data value; needs a subscription with data). An event without the field has no group. "
                    + "JMS and AMQP: JMSXGroupID (the AMQP group-id); MQTT 5: the user property group; MQTT 3.1.1: none.")
            .mustBe("none, reference, topic or data:<member>", GroupBy::isValid);

    public static final ConfigOption<String> DUPLICATE_DETECTION = ConfigOption.string("duplicate.detection", "auto",
            "Whether each message carries a duplicate-detection id, <subscription id>:<event id>, so that the broker "
                    + "drops a redelivery (after a crash, a lost acknowledgement or a send timeout) of a message it "
                    + "already has: auto (on where the plugin recognises a broker that detects duplicates), on, or off. "
                    + "JMS and AMQP: the property _AMQ_DUPL_ID, which ActiveMQ Artemis checks; auto is on for "
                    + "ActiveMQ Artemis (over CORE and AMQP). MQTT has no such id: auto is off, on fails start-up.")
            .mustBe("auto, on or off", DuplicateDetection::isValid);

    public static final ConfigOption<String> DEAD_LETTER_DESTINATION = ConfigOption.string("dead.letter.destination", null,
            "Where on this target's broker an event its subscription gives up on is sent (JMS and AMQP: a queue, "
                    + "addressed like queue; MQTT: a topic), with the same mapping plus the properties deadletterreason, "
                    + "deadletterattempts and deadletterdestination; the subscription passes the event only once the broker "
                    + "accepted it. A subscription's own option deadLetterDestination overrides it. None by default: "
                    + "dead letters are recorded in the bridge's store only.")
            .mustBe("not blank", v -> !v.isBlank());

    private static final List<ConfigOption<?>> ALL = List.of(USERNAME, PASSWORD, SUBSCRIPTIONS, NAMESPACE, REPLY_TYPE,
            RECONNECT_INITIAL_DELAY, RECONNECT_MAX_DELAY, OPEN_TIMEOUT, SEND_TIMEOUT, GROUP_BY,
            DUPLICATE_DETECTION, DEAD_LETTER_DESTINATION);

    private TargetOptions() {
    }

    /** Declares the shared options on the {@code targets} group. */
    public static void declare(ConfigSection targets) {
        ALL.forEach(targets::declare);
    }

    /**
     * Reads the shared options of one target entry.
     *
     * @param plugin     the plugin's name, the first part of the connection id
     * @param target     the entry's name
     * @param displayUrl where the target connects, credentials masked
     */
    public static TargetSettings read(String plugin, String target, ConfigSection entry, String displayUrl) {
        return new TargetSettings(plugin + "." + target, displayUrl, entry.get(USERNAME), entry.get(PASSWORD),
                SubscriptionMatcher.byName(entry.get(NAMESPACE), entry.get(SUBSCRIPTIONS)), entry.get(REPLY_TYPE),
                entry.get(RECONNECT_INITIAL_DELAY), entry.get(RECONNECT_MAX_DELAY), entry.get(OPEN_TIMEOUT),
                entry.get(SEND_TIMEOUT), GroupBy.parse(entry.get(GROUP_BY)),
                DuplicateDetection.of(entry.get(DUPLICATE_DETECTION)), entry.get(DEAD_LETTER_DESTINATION));
    }
}
