package dev.eventbridge.plugin.jms.target;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.plugin.jms.mapping.MessageMapper;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of one target to its broker. It connects in the background, retrying with
 * exponential backoff, and registers with the core once connected; when the connection fails it
 * tells the core ({@code connectionClosed}), rejects the sends still awaiting the broker, and
 * reconnects. Each delivery is one asynchronous send whose {@link CompletionListener} answers it:
 * completion is an ack, an exception a reject. Replies read from the reply queue are answered as
 * reply responses.
 *
 * <p>State changes run on the target's own thread; sends run on the caller's thread, serialised on
 * the send session, which Jakarta Messaging allows one thread at a time.
 */
public final class JmsTarget {

    /** Hooks into a new connection beyond its ExceptionListener, for provider-specific events such as failover. */
    @FunctionalInterface
    public interface ConnectionWatcher {
        /** Watches nothing. */
        ConnectionWatcher NONE = (connection, target) -> { };

        /**
         * Called once per new connection, before it starts; report interruptions to {@link
         * JmsTarget#interrupted} and restorations to {@link JmsTarget#restored}.
         */
        void watch(Connection connection, JmsTarget target) throws JMSException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JmsTarget.class);

    private record Live(Connection connection, Session session, MessageProducer producer) {
    }

    private final TargetSettings settings;
    private final ConnectionFactory factory;
    private final MessageMapper mapper;
    private final Callbacks callbacks;
    private final ConnectionWatcher watcher;
    private final ScheduledExecutorService executor;
    private final Object sendLock = new Object();
    private final Map<Long, EventDelivery> pending = new ConcurrentHashMap<>();
    private final AtomicLong sendIds = new AtomicLong();

    private volatile Live live;
    private volatile boolean up;
    private volatile boolean closed;
    private volatile ConnectionHealth health;
    private Duration nextDelay;
    private int failedAttempts;
    private String lastFailure;

    public JmsTarget(TargetSettings settings, ConnectionFactory factory, MessageMapper mapper, Callbacks callbacks,
                     ConnectionWatcher watcher) {
        this.settings = settings;
        this.factory = factory;
        this.mapper = mapper;
        this.callbacks = callbacks;
        this.watcher = watcher;
        this.nextDelay = settings.reconnectInitialDelay();
        this.health = new ConnectionHealth(false, "connecting to " + settings.displayUrl());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eventbridge-" + settings.connId());
            t.setDaemon(true);
            return t;
        });
    }

    /** The connection id this target registers. */
    public String connId() {
        return settings.connId();
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        onExecutor(this::connect);
    }

    /**
     * Sends one delivery; the broker's confirmation answers it later, on the provider's thread. A
     * delivery while disconnected, or one the provider refuses at once, is rejected right away.
     */
    public void send(EventDelivery delivery, DataArray data) {
        Live current = live;
        if (!up || current == null) {
            respond(DeliveryResponse.reject(delivery, "not connected to " + settings.displayUrl()));
            return;
        }
        long id = sendIds.incrementAndGet();
        pending.put(id, delivery);
        try {
            synchronized (sendLock) {
                Message message = mapper.toMessage(current.session(), delivery, data);
                current.producer().send(message, new Completion(id));
            }
        } catch (JMSException | RuntimeException e) {
            answer(id, d -> DeliveryResponse.reject(d, "send failed: " + Redaction.describe(e, settings.password())));
        }
    }

    /** Up once connected and not failing over; the detail says where, or why not. Never holds credentials. */
    public ConnectionHealth health() {
        return health;
    }

    /** The provider lost {@code connection} and is trying to restore it by itself: the core stops delivering here. */
    public void interrupted(Connection connection, String where) {
        onExecutor(() -> {
            Live current = live;
            if (current == null || current.connection() != connection || !up) {
                return;
            }
            up = false;
            health = new ConnectionHealth(false, "failing over from " + Redaction.redact(where, settings.password()));
            LOG.warn("{}: connection to {} interrupted; the provider is failing over", connId(),
                    Redaction.redact(where, settings.password()));
            callbacks.connectionClosed(connId());
        });
    }

    /** The provider restored {@code connection} after {@link #interrupted}: the target registers again. */
    public void restored(Connection connection, String where) {
        onExecutor(() -> {
            Live current = live;
            if (closed || current == null || current.connection() != connection || up) {
                return;
            }
            String shown = Redaction.redact(where, settings.password());
            up = true;
            health = new ConnectionHealth(true, "connected to " + shown + ", sending to " + settings.destinationLabel());
            LOG.info("{}: connection restored to {}", connId(), shown);
            callbacks.registerConnection(connId(), settings.matcher());
        });
    }

    /** Closes the connection, waiting for the sends in flight to be confirmed; any left unanswered are rejected. */
    public void close() {
        closed = true;
        executor.shutdownNow();
        Live current = live;
        live = null;
        up = false;
        if (current != null) {
            closeQuietly(current.connection());
        }
        rejectPending("target " + connId() + " closed");
        health = new ConnectionHealth(false, "closed");
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection connection = null;
        try {
            connection = settings.username() == null ? factory.createConnection()
                    : factory.createConnection(settings.username(), settings.password());
            Connection watched = connection;
            connection.setExceptionListener(e -> onExecutor(() -> failed(watched, e)));
            watcher.watch(connection, this);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(settings.topic()
                    ? session.createTopic(settings.destination()) : session.createQueue(settings.destination()));
            producer.setDeliveryMode(settings.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            producer.setPriority(settings.priority());
            producer.setTimeToLive(settings.timeToLive().toMillis());
            if (settings.replyQueue() != null) {
                Session replies = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = replies.createConsumer(replies.createQueue(settings.replyQueue()));
                consumer.setMessageListener(this::onReply);
            }
            connection.start();
            if (closed) {
                closeQuietly(connection);
                return;
            }
            live = new Live(connection, session, producer);
            up = true;
            failedAttempts = 0;
            lastFailure = null;
            nextDelay = settings.reconnectInitialDelay();
            health = new ConnectionHealth(true, "connected to " + settings.displayUrl() + ", sending to "
                    + settings.destinationLabel());
            LOG.info("{}: connected to {}, sending to {}{}", connId(), settings.displayUrl(), settings.destinationLabel(),
                    settings.replyQueue() == null ? "" : ", reading replies from queue " + settings.replyQueue());
            callbacks.registerConnection(connId(), settings.matcher());
        } catch (JMSException | RuntimeException e) {
            closeQuietly(connection);
            attemptFailed(e);
        }
    }

    /**
     * Schedules the next attempt with backoff. Refused credentials wait the longest delay at once
     * and are logged as such, so that a wrong password is a clear error and not a retry storm.
     */
    private void attemptFailed(Exception e) {
        failedAttempts++;
        String reason = Redaction.describe(e, settings.password());
        boolean security = e instanceof JMSSecurityException || e.getCause() instanceof SecurityException;
        Duration delay = security ? settings.reconnectMaxDelay() : nextDelay;
        nextDelay = min(nextDelay.multipliedBy(2), settings.reconnectMaxDelay());
        health = new ConnectionHealth(false, "cannot connect to " + settings.displayUrl() + ": " + reason
                + " (attempt " + failedAttempts + ", next in " + delay.toMillis() + " ms)");
        if (security) {
            LOG.error("{}: the broker at {} refused the credentials of user '{}': {}; retrying every {} ms",
                    connId(), settings.displayUrl(), settings.username(), reason, delay.toMillis());
        } else if (!reason.equals(lastFailure)) {
            LOG.warn("{}: cannot connect to {}: {}; retrying with backoff up to {} ms", connId(), settings.displayUrl(),
                    reason, settings.reconnectMaxDelay().toMillis());
        } else {
            LOG.debug("{}: attempt {} to connect to {} failed: {}", connId(), failedAttempts, settings.displayUrl(), reason);
        }
        lastFailure = reason;
        schedule(delay);
    }

    private void failed(Connection connection, JMSException error) {
        Live current = live;
        if (closed || current == null || current.connection() != connection) {
            return;
        }
        boolean wasUp = up;
        live = null;
        up = false;
        String reason = Redaction.describe(error, settings.password());
        health = new ConnectionHealth(false, "connection to " + settings.displayUrl() + " lost: " + reason);
        LOG.warn("{}: connection to {} lost: {}; reconnecting", connId(), settings.displayUrl(), reason);
        if (wasUp) {
            callbacks.connectionClosed(connId());
        }
        closeQuietly(connection);
        rejectPending("connection to " + settings.displayUrl() + " lost before the broker confirmed the send");
        nextDelay = settings.reconnectInitialDelay();
        schedule(nextDelay);
    }

    private void onReply(Message message) {
        Optional<MessageMapper.MappedReply> reply;
        try {
            reply = mapper.toReply(message, settings.replyType());
        } catch (JMSException e) {
            throw new IllegalStateException(connId() + ": cannot read reply message: " + Redaction.describe(e, null), e);
        }
        if (reply.isEmpty()) {
            LOG.warn("{}: skipped message {} on reply queue {}: its correlation id is not an event id", connId(),
                    messageId(message), settings.replyQueue());
            return;
        }
        callbacks.deliveryResponse(connId(), DeliveryResponse.reply(reply.get().eventId(), reply.get().reply()));
    }

    private void answer(long id, Function<EventDelivery, DeliveryResponse> response) {
        EventDelivery delivery = pending.remove(id);
        if (delivery != null) {
            respond(response.apply(delivery));
        }
    }

    private void respond(DeliveryResponse response) {
        if (response.rejected()) {
            LOG.debug("{}: event {} rejected: {}", connId(), response.eventId(), response.info());
        }
        callbacks.deliveryResponse(connId(), response);
    }

    private void rejectPending(String reason) {
        for (Long id : List.copyOf(pending.keySet())) {
            answer(id, d -> DeliveryResponse.reject(d, reason));
        }
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void onExecutor(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(no id)";
        }
    }

    private void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("{}: closing the connection failed: {}", connId(), Redaction.describe(e, settings.password()));
        }
    }

    /** Answers one send when the broker confirms or refuses it. */
    private final class Completion implements CompletionListener {
        private final long id;

        Completion(long id) {
            this.id = id;
        }

        @Override
        public void onCompletion(Message message) {
            answer(id, DeliveryResponse::ack);
        }

        @Override
        public void onException(Message message, Exception exception) {
            answer(id, d -> DeliveryResponse.reject(d, "the broker refused the message: "
                    + Redaction.describe(exception, settings.password())));
        }
    }
}
