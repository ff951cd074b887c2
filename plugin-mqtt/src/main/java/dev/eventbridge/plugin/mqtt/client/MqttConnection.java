package dev.eventbridge.plugin.mqtt.client;

import com.hivemq.client.mqtt.datatypes.MqttClientIdentifier;
import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.connectout.cloudevents.CloudEventAttributes;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.connectout.send.DeadLetterSend;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.MessageMapper;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import io.reactivex.Scheduler;
import io.reactivex.schedulers.Schedulers;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT target. Each connection is a new {@link MqttLink} (a HiveMQ client with the target's
 * stable client id, so the broker keeps the session); each delivery is one asynchronous publish that
 * the broker's acknowledgement at the target's QoS acks and a refusal rejects. Connection life,
 * reconnects with backoff, refused log-ins, the send window ({@code max.inflight}) and health are the
 * kit's {@link BrokerConnection}.
 *
 * <p>In flight, at most the smaller of {@code max.inflight} and the broker's Receive Maximum
 * (MQTT 5) are on the wire; the client holds further publishes back in order, the kit's window
 * holds those beyond {@code max.inflight}. Nothing waiting is ever rejected for lack of room.
 *
 * <p>On a lost connection the kit rejects every send still unanswered (the core redelivers them
 * from the committed offset) and the link is dropped with everything it held: no publish is ever
 * sent again by the client on a later connection, so an event is never both resent and redelivered.
 */
public final class MqttConnection extends BrokerConnection<MqttLink> implements MqttLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttSettings mqtt;
    private final MessageMapper mapper;
    private final Scheduler answers;
    private volatile MqttLink attempt;
    private volatile MqttLink opened;

    /**
     * Creates the target without connecting; {@link #start()} connects.
     *
     * @throws IllegalArgumentException if the MQTT client refuses the client id
     */
    public MqttConnection(MqttSettings mqtt, Callbacks callbacks) {
        // on the target's sender thread: mapping and publishing were most of the dispatcher's time
        // in the MQTT benchmark, and this way it reads the next events while these are sent
        super(mqtt.target(), callbacks, mqtt.maxInflight(), true);
        this.mqtt = mqtt;
        this.mapper = new MessageMapper(mqtt.version(), mqtt.replyTopic(), mqtt.target().replyType(),
                mqtt.target().groupBy());
        this.answers = Schedulers.from(answerThread(mqtt.connId()));
        MqttClientIdentifier.of(mqtt.clientId());
    }

    /**
     * One thread per target that every publish outcome and reply is handed to, so acks reach the
     * core in the order the broker sent them; it ends after a minute idle.
     */
    private static ThreadPoolExecutor answerThread(String connId) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "eventbridge-" + connId + "-answers");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    protected String sendsTo() {
        MqttLink link = opened;
        return mqtt.describe() + (link == null ? "" : ", at most " + link.inFlightLimit() + " publishes in flight");
    }

    /** Connects and subscribes to the reply topic, waiting at most about twice the connect timeout. */
    @Override
    protected MqttLink open() throws Exception {
        long waitMillis = mqtt.connectTimeout().toMillis() * 2 + 5_000;
        MqttLink link = MqttLink.create(mqtt, answers, this);
        attempt = link;
        try {
            link.connect().get(waitMillis, TimeUnit.MILLISECONDS);
            if (mqtt.replyTopic() != null) {
                link.subscribe(mqtt.replyTopic(), mqtt.qos()).get(waitMillis, TimeUnit.MILLISECONDS);
            }
            if (!link.isConnected()) {
                throw new IllegalStateException("the connection dropped right after it was made");
            }
            opened = link;
            return link;
        } catch (ExecutionException e) {
            link.disconnect();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            link.disconnect();
            throw e;
        }
    }

    /** Whether the latest attempt's CONNACK refused the credentials (see each link for the codes). */
    @Override
    protected boolean refusedLogin(Throwable error) {
        MqttLink link = attempt;
        return link != null && link.refusedLogin(error);
    }

    @Override
    protected void send(MqttLink handle, long key, EventDelivery delivery, DataArray data) {
        publish(handle, key, mqtt.topic(), mapper.toMessage(delivery, data), mqtt.retain(), "publish");
    }

    /** Publishes at the target's QoS; the broker's acknowledgement acks {@code key}, a failure rejects it naming {@code what}. */
    private void publish(MqttLink handle, long key, String topic, OutboundMessage message, boolean retain, String what) {
        handle.publish(topic, message, mqtt.qos(), retain).whenComplete((ok, error) -> {
            if (error == null) {
                confirmed(key);
            } else {
                Throwable cause = HiveClients.unwrap(error);
                failed(key, what + " failed: " + describe(cause), permanent(cause));
            }
        });
    }

    /** Publishes a dead letter to the topic it names, at the target's QoS, never retained. */
    @Override
    protected void sendDeadLetter(MqttLink handle, long key, EventDelivery delivery, DataArray data, DeadLetterSend deadLetter) {
        OutboundMessage message = mapper.toMessage(delivery, data,
                new CloudEventAttributes.DeadLettered(deadLetter.reason(), delivery.attempt(), "topic " + mqtt.topic()));
        publish(handle, key, deadLetter.destination(), message, false, "publish to dead-letter topic " + deadLetter.destination());
    }

    /**
     * Permanent: an MQTT 5 PUBACK/PUBREC with 0x90 (Topic Name invalid), 0x95 (Packet too large) or
     * 0x99 (Payload format invalid), and a PUBLISH the client cannot encode within the broker's
     * Maximum Packet Size ({@code MqttEncodeException}). Not permanent: 0x97 (Quota exceeded), any
     * other code, a lost connection. MQTT 3.1.1 PUBACKs carry no reason code.
     */
    @Override
    protected boolean permanent(Throwable error) {
        if (error instanceof Refused refused) {
            int code = refused.reasonCode();
            return code == 0x90 || code == 0x95 || code == 0x99;
        }
        return error instanceof com.hivemq.client.mqtt.exceptions.MqttEncodeException;
    }

    @Override
    protected void release(MqttLink handle) {
        handle.disconnect();
    }

    /** Called on the client's I/O thread; the kit ignores a link that is not its current one. */
    @Override
    public void connectionLost(MqttLink link, Throwable cause) {
        lost(link, cause);
    }

    /** Called on the answer thread for each message on the reply topic. */
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
