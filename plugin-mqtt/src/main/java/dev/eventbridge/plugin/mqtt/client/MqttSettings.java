package dev.eventbridge.plugin.mqtt.client;

import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.redact.Redaction;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import java.time.Duration;

/**
 * The options of one MQTT target, read and checked: the kit's shared ones and the MQTT ones.
 *
 * @param target         what every connect-out target has (connection id, credentials, matcher, reconnect pacing)
 * @param address        where the broker is, from the URL ({@code tcp://} or {@code ssl://})
 * @param clientId       MQTT client id, stable across reconnects
 * @param topic          topic events are published to
 * @param replyTopic     topic replies are read from, or null
 * @param qos            QoS of publishes and of the reply subscription
 * @param version        protocol version
 * @param retain         whether events are published retained
 * @param keepAlive      keep-alive interval; zero disables it
 * @param connectTimeout how long one connection attempt may take
 * @param sessionExpiry  MQTT 5 session expiry interval
 * @param maxInflight    most publishes awaiting their acknowledgement; the broker's Receive Maximum may lower it
 */
public record MqttSettings(TargetSettings target, BrokerAddress address, String clientId, String topic, String replyTopic,
                           int qos, ProtocolVersion version, boolean retain, Duration keepAlive,
                           Duration connectTimeout, Duration sessionExpiry, int maxInflight) {

    /** The connection id registered with the core: {@code mqtt.<target>}. */
    public String connId() {
        return target.connId();
    }

    /** User name, or null. */
    public String username() {
        return target.username();
    }

    /** Password, or null; never logged. */
    public String password() {
        return target.password();
    }

    /** Where the target publishes, for logs and health: {@code topic t (MQTT 5)}. */
    public String describe() {
        return "topic " + topic + " as " + clientId + " (" + version + ")"
                + (replyTopic == null ? "" : ", reading replies from topic " + replyTopic);
    }

    /** {@code text} (for example a broker error message) with the password and URL credentials masked. */
    public String redact(String text) {
        return Redaction.redact(text, password());
    }

    @Override
    public String toString() {
        return "MqttSettings[" + connId() + " -> " + target.displayUrl() + ", " + describe() + "]";
    }
}
