package dev.eventbridge.plugin.mqtt.client;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import io.reactivex.Scheduler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 3.1.1: clean session off, events in structured mode (payload only), at most
 * {@code max.inflight} publishes in flight (3.1.1 brokers announce no limit). A 3.1.1 PUBACK carries
 * no reason code, so the broker cannot refuse a publish here; a SUBACK failure (0x80) fails the subscription.
 */
final class Mqtt3Link implements MqttLink {

    private final MqttSettings settings;
    private final Mqtt3AsyncClient client;

    Mqtt3Link(MqttSettings settings, Scheduler answers, Listener listener) {
        this.settings = settings;
        this.client = HiveClients.builder(settings, answers, this, listener).useMqttVersion3().buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> listener.messageArrived(
                new InboundMessage(p.getTopic().toString(), p.getPayloadAsBytes(), false, null, null, null)));
    }

    @Override
    public CompletableFuture<Void> connect() {
        var c = client.connectWith().cleanSession(false).keepAlive((int) settings.keepAlive().toSeconds());
        if (settings.username() != null) {
            var auth = Mqtt3SimpleAuth.builder().username(settings.username());
            c.simpleAuth(settings.password() == null ? auth.build()
                    : auth.password(settings.password().getBytes(StandardCharsets.UTF_8)).build());
        }
        return c.send().thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String topic, int qos) {
        return client.subscribeWith().topicFilter(topic).qos(HiveClients.qos(qos)).send().thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, OutboundMessage message, int qos, boolean retain) {
        return client.publishWith().topic(topic).qos(HiveClients.qos(qos)).retain(retain).payload(message.payload())
                .send().thenApply(p -> null);
    }

    /** CONNACK return code 4 (bad user name or password) or 5 (not authorized). */
    @Override
    public boolean refusedLogin(Throwable error) {
        if (HiveClients.unwrap(error) instanceof Mqtt3ConnAckException e) {
            Mqtt3ConnAckReturnCode code = e.getMqttMessage().getReturnCode();
            return code == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD || code == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED;
        }
        return false;
    }

    /** MQTT 3.1.1 has no Receive Maximum: the target's own bound. */
    @Override
    public int inFlightLimit() {
        return settings.maxInflight();
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public void disconnect() {
        if (client.getState().isConnectedOrReconnect()) {
            client.disconnect().exceptionally(e -> null);
        }
    }
}
