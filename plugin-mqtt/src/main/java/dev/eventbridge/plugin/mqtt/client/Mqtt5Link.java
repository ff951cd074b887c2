package dev.eventbridge.plugin.mqtt.client;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import io.reactivex.Scheduler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * MQTT 5: clean start off with the target's session expiry, events in binary mode, at most
 * {@code max.inflight} publishes in flight, lowered to the broker's Receive Maximum from the CONNACK
 * (the client holds the rest back in order). A PUBACK or PUBREC reason code of 0x80 or more is a refusal.
 */
final class Mqtt5Link implements MqttLink {

    private static final Set<Mqtt5ConnAckReasonCode> LOGIN_REFUSED = Set.of(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED,
            Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD);

    private final MqttSettings settings;
    private final Mqtt5AsyncClient client;
    private volatile int inFlightLimit;

    Mqtt5Link(MqttSettings settings, Scheduler answers, Listener listener) {
        this.settings = settings;
        this.inFlightLimit = settings.maxInflight();
        this.client = HiveClients.builder(settings, answers, this, listener).useMqttVersion5().buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> listener.messageArrived(inbound(p)));
    }

    @Override
    public CompletableFuture<Void> connect() {
        Mqtt5ConnectBuilder.Send<CompletableFuture<Mqtt5ConnAck>> c =
                client.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                        .keepAlive((int) settings.keepAlive().toSeconds())
                        .restrictions().sendMaximum(settings.maxInflight()).applyRestrictions();
        byte[] password = settings.password() == null ? null : settings.password().getBytes(StandardCharsets.UTF_8);
        if (settings.username() != null) {
            var auth = Mqtt5SimpleAuth.builder().username(settings.username());
            c.simpleAuth(password == null ? auth.build() : auth.password(password).build());
        } else if (password != null) {
            c.simpleAuth(Mqtt5SimpleAuth.builder().password(password).build());
        }
        return c.send().thenAccept(connAck ->
                inFlightLimit = Math.min(settings.maxInflight(), connAck.getRestrictions().getReceiveMaximum()));
    }

    @Override
    public CompletableFuture<Void> subscribe(String topic, int qos) {
        return client.subscribeWith().topicFilter(topic).qos(HiveClients.qos(qos)).send().thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, OutboundMessage message, int qos, boolean retain) {
        Mqtt5UserPropertiesBuilder user = Mqtt5UserProperties.builder();
        message.userProperties().forEach(user::add);
        var publish = client.publishWith().topic(topic).qos(HiveClients.qos(qos)).retain(retain)
                .payload(message.payload())
                .userProperties(user.build());
        if (message.utf8()) {
            publish.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
        }
        if (message.contentType() != null) {
            publish.contentType(message.contentType());
        }
        if (message.correlationData() != null) {
            publish.correlationData(message.correlationData());
        }
        if (message.responseTopic() != null) {
            publish.responseTopic(message.responseTopic());
        }
        return publish.send().handle((result, error) -> {
            if (error != null) {
                throw new CompletionException(refusal(HiveClients.unwrap(error)));
            }
            return null;
        });
    }

    /** A PUBACK or PUBREC error as a {@link Refused} naming the reason code; any other error as it is. */
    private static Throwable refusal(Throwable error) {
        if (error instanceof Mqtt5PubAckException e) {
            var ack = e.getMqttMessage();
            return new Refused("the broker refused the publish", ack.getReasonCode().getCode(),
                    ack.getReasonString().map(Object::toString).orElse(ack.getReasonCode().toString()));
        }
        if (error instanceof Mqtt5PubRecException e) {
            var rec = e.getMqttMessage();
            return new Refused("the broker refused the publish", rec.getReasonCode().getCode(),
                    rec.getReasonString().map(Object::toString).orElse(rec.getReasonCode().toString()));
        }
        return error;
    }

    /** CONNACK NOT_AUTHORIZED (0x87), BAD_USER_NAME_OR_PASSWORD (0x86) or BAD_AUTHENTICATION_METHOD (0x8C). */
    @Override
    public boolean refusedLogin(Throwable error) {
        return HiveClients.unwrap(error) instanceof Mqtt5ConnAckException e
                && LOGIN_REFUSED.contains(e.getMqttMessage().getReasonCode());
    }

    @Override
    public int inFlightLimit() {
        return inFlightLimit;
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

    private static InboundMessage inbound(Mqtt5Publish p) {
        Map<String, String> user = new LinkedHashMap<>();
        p.getUserProperties().asList().forEach(u -> user.putIfAbsent(u.getName().toString(), u.getValue().toString()));
        byte[] correlation = p.getCorrelationData().map(HiveClients::bytes).orElse(null);
        return new InboundMessage(p.getTopic().toString(), p.getPayloadAsBytes(),
                p.getPayloadFormatIndicator().orElse(null) == Mqtt5PayloadFormatIndicator.UTF_8,
                p.getContentType().map(Object::toString).orElse(null), correlation, user);
    }
}
