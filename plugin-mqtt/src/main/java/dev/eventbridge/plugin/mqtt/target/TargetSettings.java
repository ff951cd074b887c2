package dev.eventbridge.plugin.mqtt.target;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import java.time.Duration;

/**
 * The options of one MQTT target, read and checked.
 *
 * @param connId                the connection id registered with the core: {@code mqtt.<target>}
 * @param url                   broker URL ({@code tcp://} or {@code ssl://}), without credentials
 * @param clientId              MQTT client id, stable across reconnects
 * @param username              user name, or null
 * @param password              password, or null; never logged
 * @param topic                 topic events are published to
 * @param replyTopic            topic replies are read from, or null
 * @param replyType             event type of a reply that carries none
 * @param qos                   QoS of publishes and of the reply subscription
 * @param version               protocol version
 * @param retain                whether events are published retained
 * @param keepAlive             keep-alive interval; zero disables it
 * @param connectTimeout        how long one connection attempt may take
 * @param sessionExpiry         MQTT 5 session expiry interval
 * @param maxInflight           most publishes awaiting their acknowledgement
 * @param reconnectInitialDelay first pause between connection attempts
 * @param reconnectMaxDelay     longest pause between connection attempts
 * @param matcher               which subscriptions the target serves
 */
public record TargetSettings(String connId, String url, String clientId, String username, String password,
                             String topic, String replyTopic, String replyType, int qos, ProtocolVersion version,
                             boolean retain, Duration keepAlive, Duration connectTimeout, Duration sessionExpiry,
                             int maxInflight, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                             SubscriptionMatcher matcher) {

    /** Where the target publishes, for logs and health: {@code tcp://host:1883 as <client id>, topic t (MQTT 5)}. */
    public String describe() {
        return url + " as " + clientId + ", topic " + topic + " (" + version + ")";
    }

    /** Replaces the password in {@code text} (for example a broker error message) by {@code ***}. */
    public String redact(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "***");
    }

    @Override
    public String toString() {
        return "TargetSettings[" + connId + " -> " + describe() + "]";
    }
}
