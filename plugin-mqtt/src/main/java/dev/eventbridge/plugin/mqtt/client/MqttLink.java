package dev.eventbridge.plugin.mqtt.client;

import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import io.reactivex.Scheduler;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to the broker: a HiveMQ MQTT client of the target's protocol version, made for
 * this connection only and dropped with it, so that nothing it had in flight is ever sent again on a
 * later connection (the kit has already rejected it for the core to redeliver). The broker keeps the
 * session (reply subscription, queued replies) across connections: same client id, clean start off.
 * Publish outcomes and arriving messages come on the target's answer thread, in the order the broker
 * sent them; a lost connection is reported on the client's I/O thread.
 */
interface MqttLink {

    /** What the client reports on its own. */
    interface Listener {
        /** {@code link}'s connection dropped or was refused (not called for a disconnect the target asked for). */
        void connectionLost(MqttLink link, Throwable cause);

        /** A message arrived on a subscribed topic, or was resent from the session after connecting. */
        void messageArrived(InboundMessage message);
    }

    /**
     * A new, unconnected link for the settings' protocol version.
     *
     * @param answers where publish outcomes and messages are handed over, in order
     */
    static MqttLink create(MqttSettings settings, Scheduler answers, Listener listener) {
        return settings.version() == ProtocolVersion.V5 ? new Mqtt5Link(settings, answers, listener)
                : new Mqtt3Link(settings, answers, listener);
    }

    /** Connects; completes when the broker accepted the connection, exceptionally with its refusal. */
    CompletableFuture<Void> connect();

    /** Subscribes; completes when the broker granted the subscription. */
    CompletableFuture<Void> subscribe(String topic, int qos);

    /**
     * Publishes without blocking. Completes when the broker acknowledged the message at {@code qos}
     * (PUBACK, PUBCOMP, or written for QoS 0), exceptionally when it refused it (MQTT 5 reason code
     * 0x80 or more: {@link Refused}) or the connection ended first. Publishes beyond what the broker
     * grants in flight (MQTT 5 Receive Maximum) wait in the client, in order, and are sent as acks free slots.
     */
    CompletableFuture<Void> publish(String topic, OutboundMessage message, int qos, boolean retain);

    /** Whether {@code error}, from {@link #connect()}, is the broker refusing the credentials. */
    boolean refusedLogin(Throwable error);

    /** The most publishes this connection keeps in flight: {@code max.inflight} or the broker's lower Receive Maximum. */
    int inFlightLimit();

    /** Whether the client is connected now. */
    boolean isConnected();

    /** Disconnects, if connected, without waiting long; errors are ignored. The link is not used again. */
    void disconnect();
}
