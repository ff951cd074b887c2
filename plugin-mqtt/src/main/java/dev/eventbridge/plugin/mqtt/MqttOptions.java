package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import java.time.Duration;

/**
 * The MQTT options of a target, declared on the group {@code mqtt.targets} beside the connect-out
 * kit's shared ones ({@link dev.eventbridge.connectout.config.TargetOptions}): keys look like
 * {@code mqtt.targets.<target>.<option>}.
 */
public final class MqttOptions {

    public static final ConfigOption<String> URL = ConfigOption.string("url", null,
            "Broker URL: tcp://host:1883 or ssl://host:8883.").asRequired();
    public static final ConfigOption<String> CLIENT_ID = ConfigOption.string("client.id", null,
            "MQTT client id; stable so the broker keeps the session across reconnects. Default eventbridge-<target>. "
                    + "Two bridges must not share one.")
            .mustBe("1 to 65535 characters, not blank", v -> !v.isBlank() && v.length() <= 65535);
    public static final ConfigOption<String> TOPIC = ConfigOption.string("topic", null,
            "Topic events are published to, without wildcards.").asRequired()
            .mustBe("a topic name without the wildcards + and #", MqttOptions::isTopicName);
    public static final ConfigOption<String> REPLY_TOPIC = ConfigOption.string("reply.topic", null,
            "Topic the bridge reads replies from (MQTT 5: also sent as each message's response topic); none by default.")
            .mustBe("a topic name without the wildcards + and #", MqttOptions::isTopicName);
    public static final ConfigOption<Integer> QOS = ConfigOption.integer("qos", 1,
            "QoS of publishes and of the reply subscription: 1 (default) acks on PUBACK, 2 on PUBCOMP, "
                    + "0 once written to the socket (no broker acknowledgement).")
            .mustBe("0, 1 or 2", v -> v >= 0 && v <= 2);
    public static final ConfigOption<String> VERSION = ConfigOption.string("version", "5",
            "MQTT protocol version: 5 (binary-mode CloudEvents, PUBACK reason codes) or 3.1.1 (structured-mode JSON).")
            .oneOf("3.1.1", "5");
    public static final ConfigOption<Boolean> RETAIN = ConfigOption.bool("retain", false,
            "Publish events as retained messages.");
    public static final ConfigOption<Duration> KEEP_ALIVE = ConfigOption.duration("keep.alive", Duration.ofSeconds(30),
            "Keep-alive interval; 0 disables it.")
            .mustBe("between 0 and 65535s", v -> !v.isNegative() && v.toSeconds() <= 65535);
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOption.duration("connect.timeout",
            Duration.ofSeconds(10), "How long one connection attempt may take.")
            .mustBe("between 1s and 1h", v -> v.toSeconds() >= 1 && v.toHours() <= 1);
    public static final ConfigOption<Duration> SESSION_EXPIRY = ConfigOption.duration("session.expiry",
            Duration.ofDays(1), "MQTT 5: how long the broker keeps the session (reply subscription, queued replies, "
                    + "unacknowledged messages) while the bridge is disconnected. MQTT 3.1.1 sessions do not expire.")
            .mustBe("between 0 and 4294967294s", v -> !v.isNegative() && v.toSeconds() <= 0xFFFFFFFEL);
    public static final ConfigOption<Integer> MAX_INFLIGHT = ConfigOption.integer("max.inflight", 1000,
            "Upper bound on publishes awaiting the broker's acknowledgement; with MQTT 5 the broker's Receive Maximum "
                    + "(from its CONNACK) lowers it. A delivery beyond the bound waits, in order, for an acknowledgement to "
                    + "free a slot; it is never rejected for it.")
            .mustBe("between 1 and 65535", v -> v >= 1 && v <= 65535);

    private MqttOptions() {
    }

    /** Declares the MQTT options on the {@code targets} group. */
    static void declare(ConfigSection targets) {
        for (ConfigOption<?> option : new ConfigOption<?>[] {URL, CLIENT_ID, TOPIC, REPLY_TOPIC, QOS, VERSION, RETAIN,
                KEEP_ALIVE, CONNECT_TIMEOUT, SESSION_EXPIRY, MAX_INFLIGHT}) {
            targets.declare(option);
        }
    }

    static boolean isTopicName(String topic) {
        return !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

}
