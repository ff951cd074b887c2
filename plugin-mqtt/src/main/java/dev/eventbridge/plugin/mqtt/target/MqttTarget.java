package dev.eventbridge.plugin.mqtt.target;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.MessageMapper;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker target, registered as one connection. Connects in the background with backoff,
 * registers the connection once connected (and subscribed to the reply topic), reports
 * {@link Callbacks#connectionClosed} when the connection drops and registers again after the
 * reconnect. Each delivery is one asynchronous publish: the broker's acknowledgement acks it, a
 * failure or refusal rejects it, and so does a full in-flight window or a connection that is down.
 * Connection state changes run on the target's own thread; {@link #deliver} runs on the caller's.
 */
public final class MqttTarget implements MqttLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTarget.class);

    private enum State { CONNECTING, UP, WAITING, CLOSED }

    private final TargetSettings settings;
    private final Callbacks callbacks;
    private final MessageMapper mapper;
    private final InFlightWindow window;
    private final Backoff backoff;
    private final ScheduledExecutorService worker;
    private final MqttLink link;
    private volatile State state = State.WAITING;
    private volatile String detail;
    private volatile String lastRejectReason;
    private String lastConnectError;

    /**
     * Creates the target without connecting; {@link #start()} connects.
     *
     * @throws IllegalArgumentException if the MQTT client refuses the URL or client id
     */
    public MqttTarget(TargetSettings settings, Callbacks callbacks) {
        this.settings = settings;
        this.callbacks = callbacks;
        this.mapper = new MessageMapper(settings.version(), settings.replyTopic(), settings.replyType());
        this.window = new InFlightWindow(settings.maxInflight());
        this.backoff = new Backoff(settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        this.link = MqttLink.create(settings, this);
        this.detail = "not connected yet to " + settings.describe();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eventbridge-" + settings.connId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        onWorker(this::attempt);
    }

    /** Publishes one delivery; its response follows from the broker's acknowledgement. Never blocks. */
    public void deliver(EventDelivery delivery, DataArray data) {
        if (state != State.UP || !link.isConnected()) {
            reject(delivery, "not connected to the broker (" + detail + ")");
            return;
        }
        OutboundMessage message;
        try {
            message = mapper.toMessage(delivery, data);
        } catch (RuntimeException e) {
            reject(delivery, "cannot map the event to an MQTT message: " + e.getMessage());
            return;
        }
        long key = window.tryAdd(delivery);
        if (key < 0) {
            reject(delivery, "max.inflight (" + window.capacity() + ") publishes already await their acknowledgement");
            return;
        }
        CompletableFuture<Void> sent = link.publish(settings.topic(), message, settings.qos(), settings.retain());
        sent.whenComplete((ok, error) -> {
            EventDelivery answered = window.remove(key);
            if (answered == null) {
                return; // already rejected when the connection dropped
            }
            if (error == null) {
                lastRejectReason = null;
                callbacks.deliveryResponse(settings.connId(), DeliveryResponse.ack(answered));
            } else {
                reject(answered, "publish failed: " + describe(error));
            }
        });
    }

    /** Up once connected and registered; the detail names the broker and client id, never the password. */
    public ConnectionHealth health() {
        return new ConnectionHealth(state == State.UP, detail);
    }

    /** Disconnects and stops reconnecting. Pending deliveries stay unanswered: the core redelivers them. */
    public void close() {
        state = State.CLOSED;
        detail = "closed";
        worker.shutdownNow();
        link.close();
    }

    private void attempt() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTING;
        CompletableFuture<Void> ready = link.connect();
        if (settings.replyTopic() != null) {
            ready = ready.thenCompose(v -> link.subscribe(settings.replyTopic(), settings.qos()));
        }
        ready.whenComplete((v, error) -> onWorker(() -> {
            if (error == null) {
                connected();
            } else {
                failed(error);
            }
        }));
    }

    private void connected() {
        if (state != State.CONNECTING) {
            return;
        }
        if (!link.isConnected()) {
            failed(new IllegalStateException("the connection dropped right after it was made"));
            return;
        }
        backoff.reset();
        lastConnectError = null;
        state = State.UP;
        detail = "connected to " + settings.describe();
        LOG.info("MQTT target {} connected to {}", settings.connId(), settings.describe());
        callbacks.registerConnection(settings.connId(), settings.matcher());
    }

    private void failed(Throwable error) {
        if (state != State.CONNECTING) {
            return;
        }
        link.disconnect();
        String reason = describe(error);
        Duration delay = backoff.next();
        if (!reason.equals(lastConnectError)) {
            LOG.warn("MQTT target {} cannot connect to {}: {}; retrying with backoff", settings.connId(),
                    settings.describe(), reason);
            lastConnectError = reason;
        } else {
            LOG.debug("MQTT target {} cannot connect: {}; retrying in {} ms", settings.connId(), reason,
                    delay.toMillis());
        }
        detail = "cannot connect to " + settings.describe() + ": " + reason;
        retryIn(delay);
    }

    /** Called by the link on a Paho thread. */
    @Override
    public void connectionLost(Throwable cause) {
        onWorker(() -> lost(cause));
    }

    private void lost(Throwable cause) {
        if (state != State.UP) {
            return;
        }
        state = State.WAITING;
        String reason = describe(cause);
        detail = "connection to " + settings.describe() + " lost: " + reason;
        LOG.warn("MQTT target {} lost its connection: {}; reconnecting", settings.connId(), reason);
        callbacks.connectionClosed(settings.connId());
        for (EventDelivery d : window.drain()) {
            reject(d, "the connection was lost before the broker acknowledged the publish");
        }
        retryIn(backoff.next());
    }

    private void retryIn(Duration delay) {
        state = State.WAITING;
        try {
            worker.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Called by the link on a Paho thread for each message on the reply topic. */
    @Override
    public void messageArrived(InboundMessage message) {
        DeliveryResponse reply;
        try {
            reply = mapper.toReply(message);
        } catch (RuntimeException e) {
            LOG.warn("MQTT target {} ignores a message on {}: {}", settings.connId(), message.topic(), e.getMessage());
            return;
        }
        callbacks.deliveryResponse(settings.connId(), reply);
    }

    private void reject(EventDelivery delivery, String reason) {
        if (!reason.equals(lastRejectReason)) {
            lastRejectReason = reason;
            LOG.warn("MQTT target {} rejects deliveries: {}", settings.connId(), reason);
        } else {
            LOG.debug("MQTT target {} rejects event {}: {}", settings.connId(), delivery.event().id(), reason);
        }
        callbacks.deliveryResponse(settings.connId(), DeliveryResponse.reject(delivery, reason));
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** The error's message and its causes' (a few levels), without the password. */
    private String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 4; depth++, c = c.getCause()) {
            if (c.getMessage() != null && text.indexOf(c.getMessage()) < 0) {
                text.append(": ").append(c.getMessage());
            }
        }
        return settings.redact(text.toString());
    }
}
