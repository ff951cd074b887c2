package dev.eventbridge.plugin.mqtt.client;

import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import java.util.concurrent.CompletableFuture;

/**
 * One Paho client of the target's protocol version, reduced to what a target needs. The client is
 * kept across reconnects (same client id, session not cleaned). Futures complete on Paho threads.
 */
interface MqttLink {

    /** What the client reports on its own. Called on Paho threads. */
    interface Listener {
        /** The connection dropped (not called for a disconnect the target asked for). */
        void connectionLost(Throwable cause);

        /** A message arrived on a subscribed topic. */
        void messageArrived(InboundMessage message);
    }

    /** The link for the settings' protocol version. */
    static MqttLink create(MqttSettings settings, Listener listener) {
        return settings.version() == ProtocolVersion.V5 ? new Paho5Link(settings, listener)
                : new Paho3Link(settings, listener);
    }

    /** Connects; completes when the broker accepted the connection. */
    CompletableFuture<Void> connect();

    /** Subscribes; completes when the broker granted the subscription. */
    CompletableFuture<Void> subscribe(String topic, int qos);

    /**
     * Publishes without blocking; completes when the broker acknowledged the message at {@code qos}
     * (PUBACK, PUBCOMP, or written for QoS 0), exceptionally when it was refused or could not be sent.
     */
    CompletableFuture<Void> publish(String topic, OutboundMessage message, int qos, boolean retain);

    /** Whether {@code error}, from {@link #connect()}, means the broker refused the credentials. */
    boolean refusedLogin(Throwable error);

    /** Whether the client is connected now. */
    boolean isConnected();

    /** Drops the connection, if any, without waiting long; errors are ignored. */
    void disconnect();

    /** Disconnects and releases the client for good. */
    void close();
}
