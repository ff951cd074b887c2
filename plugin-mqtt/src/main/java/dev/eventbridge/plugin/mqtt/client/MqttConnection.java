package dev.eventbridge.plugin.mqtt.client;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.MessageMapper;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT target: a Paho client of the target's protocol version, kept across reconnects (same
 * client id, session kept). Each delivery is one asynchronous publish; the broker's acknowledgement
 * at the target's QoS acks it, a failure or refusal rejects it. Connection life, reconnects, the
 * in-flight window ({@code max.inflight}) and health are the kit's {@link BrokerConnection}.
 */
public final class MqttConnection extends BrokerConnection<MqttLink> implements MqttLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttSettings mqtt;
    private final MessageMapper mapper;
    private final MqttLink link;

    /**
     * Creates the target without connecting; {@link #start()} connects.
     *
     * @throws IllegalArgumentException if the MQTT client refuses the URL or client id
     */
    public MqttConnection(MqttSettings mqtt, Callbacks callbacks) {
        super(mqtt.target(), callbacks, mqtt.maxInflight());
        this.mqtt = mqtt;
        this.mapper = new MessageMapper(mqtt.version(), mqtt.replyTopic(), mqtt.target().replyType());
        this.link = MqttLink.create(mqtt, this);
    }

    @Override
    protected String sendsTo() {
        return mqtt.describe();
    }

    /** Connects and subscribes to the reply topic, waiting at most about twice the connect timeout. */
    @Override
    protected MqttLink open() throws Exception {
        long waitMillis = mqtt.connectTimeout().toMillis() * 2 + 5_000;
        try {
            link.connect().get(waitMillis, TimeUnit.MILLISECONDS);
            if (mqtt.replyTopic() != null) {
                link.subscribe(mqtt.replyTopic(), mqtt.qos()).get(waitMillis, TimeUnit.MILLISECONDS);
            }
            if (!link.isConnected()) {
                throw new IllegalStateException("the connection dropped right after it was made");
            }
            return link;
        } catch (ExecutionException e) {
            link.disconnect();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            link.disconnect();
            throw e;
        }
    }

    @Override
    protected boolean refusedLogin(Throwable error) {
        return link.refusedLogin(error);
    }

    @Override
    protected void send(MqttLink handle, long key, EventDelivery delivery, DataArray data) {
        OutboundMessage message = mapper.toMessage(delivery, data);
        handle.publish(mqtt.topic(), message, mqtt.qos(), mqtt.retain()).whenComplete((ok, error) -> {
            if (error == null) {
                confirmed(key);
            } else {
                failed(key, "publish failed: " + describe(error));
            }
        });
    }

    @Override
    protected void release(MqttLink handle) {
        handle.disconnect();
    }

    @Override
    protected void closed() {
        link.close();
    }

    /** Called by the link on a Paho thread. */
    @Override
    public void connectionLost(Throwable cause) {
        lost(link, cause);
    }

    /** Called by the link on a Paho thread for each message on the reply topic. */
    @Override
    public void messageArrived(InboundMessage message) {
        DeliveryResponse response;
        try {
            response = mapper.toReply(message);
        } catch (RuntimeException e) {
            LOG.warn("{}: ignores a message on {}: {}", connId(), message.topic(), e.getMessage());
            return;
        }
        reply(response.eventId(), response.reply());
    }
}
