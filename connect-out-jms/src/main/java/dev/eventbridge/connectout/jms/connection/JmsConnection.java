package dev.eventbridge.connectout.jms.connection;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.connectout.cloudevents.CloudEventAttributes;
import dev.eventbridge.connectout.config.DuplicateDetection;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.connectout.jms.JmsOptions;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import dev.eventbridge.connectout.send.DeadLetterSend;
import dev.eventbridge.connectout.send.SendWindow;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jakarta Messaging target: a connection, a send session with its producer, and a consumer on
 * the reply queue when there is one. Each delivery is one asynchronous send whose
 * {@link CompletionListener} answers it: completion acks; an exception rejects, worded as a lost
 * connection when the connection failed and as the broker's refusal otherwise, permanently when the
 * watcher says the refusal is ({@link ConnectionWatcher#permanent}). Sends start on the
 * target's own sender thread (a provider may block a send while the broker grants no credit or
 * producer window: that is flow control, and no core thread waits on it), serialised on the send
 * session, which Jakarta Messaging allows one thread at a time. A session, producer or
 * consumer the broker closes, or refuses to open, is reported by the provider's watcher through
 * {@link #refused}: an attempt still opening fails at once with the broker's reason, an open
 * connection is dropped and made again. Connection life, reconnects and health are the kit's
 * {@link BrokerConnection}.
 *
 * <p>Batches ({@link #sendBatch}) go on a second, transacted session with its own producer, made on
 * the connection's first batch (so that a target never sent a batch never asks the broker for a
 * transaction) and kept while the connection lives; each message is mapped as a single delivery is,
 * sent in order, then the session commits once. A broker that refuses transactions, or never answers
 * the transacted session within {@code open.timeout} (RabbitMQ 3.x leaves Qpid JMS waiting for ever),
 * fails each batch on that connection with the reason; the connection itself stays up.
 */
public final class JmsConnection extends BrokerConnection<Live> {

    /** Hooks a provider adds beyond Jakarta Messaging: watching a new connection, addresses, checks. */
    @FunctionalInterface
    public interface ConnectionWatcher {
        /** Watches nothing. */
        ConnectionWatcher NONE = (live, target) -> { };

        /**
         * Called once per new connection, before anything is made on it; report interruptions to
         * {@link BrokerConnection#interrupted}, restorations to {@link BrokerConnection#restored} and
         * sessions, producers or consumers the broker closed to {@link JmsConnection#refused}, with {@code live}.
         */
        void watch(Live live, JmsConnection target) throws JMSException;

        /** The provider's address for queue or topic {@code name} on {@code live}; the name itself by default. */
        default String address(Live live, String name, boolean topic) throws JMSException {
            return name;
        }

        /**
         * Checks, before anything is sent, that the broker will keep what is sent to {@code address}
         * (a queue that must exist); throws when it will not. Nothing by default.
         */
        default void check(Live live, String address, boolean topic) throws JMSException {
        }

        /**
         * Whether {@code sendFailure}, a send's failure on a live connection, means the message can
         * never be accepted, so the event is dead-lettered at once. By default the Jakarta Messaging
         * types that say so: {@link InvalidDestinationException} and {@link MessageFormatException};
         * a provider may add its own (call this default too). Never true for a lost connection, a
         * timeout or a refusal for quota or flow control. Called on the provider's or sender thread.
         */
        default boolean permanent(Exception sendFailure) {
            return sendFailure instanceof InvalidDestinationException || sendFailure instanceof MessageFormatException;
        }

        /**
         * Whether the broker {@code live} is connected to drops a message whose
         * {@value JmsMessageMapper#DUPLICATE_ID} it has seen (for {@code duplicate.detection=auto});
         * called once the send session exists. By default: the provider is ActiveMQ Artemis' own client
         * (its metadata's provider name is "ActiveMQ", as ActiveMQ Classic's is, so its classes tell),
         * which only connects to Artemis, or a provider naming Artemis.
         */
        default boolean detectsDuplicates(Live live) throws JMSException {
            return artemisClient(live.connection());
        }

        /** Whether {@code connection} is ActiveMQ Artemis' Jakarta (CORE) client, or its provider name says Artemis. */
        static boolean artemisClient(Connection connection) throws JMSException {
            String provider = connection.getMetaData().getJMSProviderName();
            return (provider != null && provider.toLowerCase(java.util.Locale.ROOT).contains("artemis"))
                    || connection.getMetaData().getClass().getName().startsWith("org.apache.activemq.artemis.");
        }

        /** Whether {@code sendFailure}, given to a CompletionListener, means that {@code live} failed. */
        default boolean connectionFailed(Live live, Exception sendFailure) {
            return false;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JmsConnection.class);

    private final JmsOptions.Destination destination;
    private final ConnectionFactory factory;
    private final JmsMessageMapper mapper;
    private final ConnectionWatcher watcher;
    private final AsyncSend asyncSend;
    private final Object sendLock = new Object();
    private volatile String sendsTo;

    public JmsConnection(TargetSettings settings, JmsOptions.Destination destination, ConnectionFactory factory,
                         JmsMessageMapper mapper, Callbacks callbacks, ConnectionWatcher watcher) {
        this(settings, destination, factory, mapper, callbacks, watcher, AsyncSend.JAKARTA);
    }

    /** As the other constructor, starting each send with {@code asyncSend}. */
    public JmsConnection(TargetSettings settings, JmsOptions.Destination destination, ConnectionFactory factory,
                         JmsMessageMapper mapper, Callbacks callbacks, ConnectionWatcher watcher, AsyncSend asyncSend) {
        super(settings, callbacks, Integer.MAX_VALUE, true);
        this.destination = destination;
        this.factory = factory;
        this.mapper = mapper;
        this.watcher = watcher;
        this.asyncSend = asyncSend;
        this.sendsTo = describe(destination.destination(), destination.replyQueue());
    }

    @Override
    protected String sendsTo() {
        return sendsTo;
    }

    /**
     * The broker closed {@code resource} of {@code live} (its session, producer or consumer, or one
     * {@link Live#describe described} by the watcher) with {@code cause}, or refused to open it.
     * While {@code live} is being opened the attempt fails at once with the broker's reason (one WARN,
     * shown in health, retried with backoff); once open, the connection is reported lost and made again.
     */
    public void refused(Live live, Object resource, Throwable cause) {
        if (live.transactional(resource)) { // batches fail, naming it; single sends go on
            Thread opening = live.openingTransacted;
            String reason = "the broker " + (opening != null ? "refused" : "closed") + " the transacted session for batches: "
                    + describe(cause);
            if (opening != null) {
                live.transactionsRefused = reason;
                opening.interrupt();
            } else if (live.transactionsRefused != null) {
                LOG.info("{}: {}", connId(), reason); // the abandoned attempt's session, now closed
                return;
            } else {
                live.transacted = null; // the next batch makes a new one
            }
            LOG.warn("{}: {}", connId(), reason);
            return;
        }
        String reason = "the broker closed the " + live.name(resource) + ": " + describe(cause);
        if (!live.refuseWhileOpening(reason)) {
            live.failed = true;
            lost(live, new JMSException(reason));
        }
    }

    @Override
    protected Live open() throws JMSException {
        Connection connection = settings.username() == null ? factory.createConnection()
                : factory.createConnection(settings.username(), settings.password());
        Live live = new Live(connection);
        Exception failure = null;
        try {
            connection.setExceptionListener(e -> {
                live.failed = true;
                lost(live, e);
            });
            watcher.watch(live, this);
            live.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            live.describe(live.session, "session sending to " + destination.label());
            live.duplicateIds = switch (settings.duplicateDetection()) {
                case ON -> true;
                case OFF -> false;
                case AUTO -> watcher.detectsDuplicates(live);
            };
            String target = watcher.address(live, destination.destination(), destination.topic());
            String replies = destination.replyQueue() == null ? null
                    : watcher.address(live, destination.replyQueue(), false);
            sendsTo = describe(target, replies);
            String what = destination.label() + (target.equals(destination.destination()) ? "" : " (address " + target + ")");
            live.describe(live.session, "session sending to " + what);
            watcher.check(live, target, destination.topic());
            Destination to = destination.topic() ? live.session.createTopic(target) : live.session.createQueue(target);
            live.producer = live.session.createProducer(to);
            live.describe(live.producer, "link sending to " + what);
            messageOptions(live.producer);
            if (settings.deadLetterDestination() != null) { // a missing queue keeps the target down, naming it
                deadLetterProducer(live, settings.deadLetterDestination());
            }
            if (replies != null) {
                String from = "queue " + destination.replyQueue()
                        + (replies.equals(destination.replyQueue()) ? "" : " (address " + replies + ")");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                live.describe(session, "session reading replies from " + from);
                MessageConsumer consumer = session.createConsumer(session.createQueue(replies));
                live.describe(consumer, "link reading replies from " + from);
                consumer.setMessageListener(this::onReply);
            }
            connection.start();
        } catch (JMSException | RuntimeException e) {
            failure = e;
        }
        String refusal = live.opened();
        if (refusal != null) {
            Thread.interrupted(); // the interrupt that ended the provider's wait, if it came before the end
            release(live);
            JMSException refused = new JMSException(refusal);
            if (failure != null && !(failure.getCause() instanceof InterruptedException)) {
                refused.addSuppressed(failure);
            }
            throw refused;
        }
        if (failure != null) {
            release(live);
            if (failure instanceof JMSException jms) {
                throw jms;
            }
            throw (RuntimeException) failure;
        }
        return live;
    }

    @Override
    protected boolean refusedLogin(Throwable error) {
        return error instanceof JMSSecurityException || error.getCause() instanceof SecurityException;
    }

    @Override
    protected void send(Live live, long key, EventDelivery delivery, DataArray data) throws JMSException {
        sendMessage(live, key, delivery, data, null);
    }

    /** The target's message options (persistent, priority, ttl) on {@code producer}. */
    private void messageOptions(MessageProducer producer) throws JMSException {
        producer.setDeliveryMode(destination.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        producer.setPriority(destination.priority());
        producer.setTimeToLive(destination.timeToLive().toMillis());
    }

    /**
     * Sends {@code batch} in one local transaction: on the transacted session of {@code live}, each
     * message mapped as {@link #send} maps it (group, duplicate-detection id) and sent asynchronously
     * in order, as a single delivery is ({@code asyncSend}); once the broker answered every send, one
     * commit. The wait for the sends' answers matters: a provider may send a transacted message
     * without waiting for the broker (Artemis' CORE client does), and a message the broker refused
     * then does not fail the commit, which would store the rest of the batch without it. The sends'
     * answers are awaited for at most {@code send.timeout}; the commit is synchronous. Both run on the
     * target's sender thread, as the sends before and after it do, so the subscription's order holds,
     * and a blocking commit is the broker's flow control. Committed: each delivery is acked. A send
     * refused or unanswered, or the commit failing (a broker refusing a message can also roll the
     * transaction back itself), or the connection lost: the transaction is rolled back and each
     * delivery rejected with the reason; never permanently, since one message's fault cannot be told
     * from the batch's.
     */
    @Override
    protected void sendBatch(Live live, List<SendWindow.Admitted> batch) throws JMSException {
        synchronized (sendLock) {
            Live.Transacted tx = transacted(live);
            BatchSends sends = new BatchSends(batch.size());
            try {
                for (SendWindow.Admitted a : batch) {
                    EventDelivery delivery = a.delivery();
                    Message message = mapper.toMessage(tx.session(), delivery, a.data(),
                            settings.groupBy().key(delivery.event(), a.data()), !live.duplicateIds ? null
                                    : DuplicateDetection.key(delivery.subscription().id(), delivery.event().id()));
                    asyncSend.send(tx.producer(), message, sends);
                }
                Exception refused = sends.await(settings.sendTimeout());
                if (refused != null) {
                    throw refused instanceof JMSException jms ? jms : new JMSException(describe(refused));
                }
                tx.session().commit();
            } catch (JMSException | RuntimeException e) {
                rollback(live, tx);
                String reason = live.failed || watcher.connectionFailed(live, e)
                        ? "the connection to " + settings.displayUrl() + " was lost before the broker committed the batch of "
                                + batch.size() + ": " + describe(e)
                        : "the broker did not commit the batch of " + batch.size() + ", none of it was stored: " + describe(e);
                for (SendWindow.Admitted a : batch) {
                    failed(a.key(), reason);
                }
                return;
            }
            for (SendWindow.Admitted a : batch) {
                confirmed(a.key());
            }
        }
    }

    /** The broker's answers to the sends of one batch: the first refusal, once all answered. */
    private static final class BatchSends implements CompletionListener {
        private final java.util.concurrent.CountDownLatch unanswered;
        private final java.util.concurrent.atomic.AtomicReference<Exception> refused = new java.util.concurrent.atomic.AtomicReference<>();

        BatchSends(int sends) {
            unanswered = new java.util.concurrent.CountDownLatch(sends);
        }

        @Override
        public void onCompletion(Message message) {
            unanswered.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            refused.compareAndSet(null, exception);
            unanswered.countDown();
        }

        /** The first refusal, or null when the broker took every send; a timeout counts as a refusal. */
        Exception await(java.time.Duration timeout) {
            try {
                if (!unanswered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return new JMSException("the broker did not answer every send of the batch within "
                            + timeout.toMillis() + " ms (send.timeout)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JMSException("interrupted while waiting for the broker's answers to the batch");
            }
            return refused.get();
        }
    }

    /** Rolls back what a failed batch left; a session that cannot is closed and made again by the next batch. */
    private void rollback(Live live, Live.Transacted tx) {
        try {
            tx.session().rollback();
        } catch (JMSException | RuntimeException e) {
            live.transacted = null;
            try {
                tx.session().close();
            } catch (JMSException | RuntimeException closing) {
                LOG.debug("{}: closing the transacted session failed: {}", connId(), describe(closing));
            }
        }
    }

    /**
     * The transacted session of {@code live} with its producer, made on first use on a thread of its
     * own and waited for at most {@code open.timeout}: a broker without transactions may never answer.
     * Throws, naming why, when the broker refused it or did not answer; then no batch is sent on this
     * connection (a new connection tries again).
     */
    private Live.Transacted transacted(Live live) throws JMSException {
        Live.Transacted tx = live.transacted;
        if (tx != null) {
            return tx;
        }
        if (live.transactionsRefused != null) {
            throw new JMSException(live.transactionsRefused);
        }
        FutureTask<Live.Transacted> opening = new FutureTask<>(() -> {
            Session session = live.connection().createSession(true, Session.SESSION_TRANSACTED);
            live.describe(session, "transacted session sending batches to " + destination.label());
            String target = watcher.address(live, destination.destination(), destination.topic());
            MessageProducer producer = session.createProducer(destination.topic() ? session.createTopic(target)
                    : session.createQueue(target));
            live.describe(producer, "link sending batches to " + destination.label());
            messageOptions(producer);
            return new Live.Transacted(session, producer);
        });
        Thread thread = new Thread(opening, "eventbridge-" + connId() + "-transacted");
        thread.setDaemon(true);
        live.openingTransacted = thread;
        thread.start();
        long timeout = settings.openTimeout().toMillis();
        try {
            tx = opening.get(timeout, TimeUnit.MILLISECONDS);
            live.openingTransacted = null;
            if (live.transactionsRefused == null) {
                live.transacted = tx;
                return tx;
            }
        } catch (TimeoutException e) {
            live.transactionsRefused = "the broker did not open a transacted session within open.timeout (" + timeout
                    + " ms); it may not support transactions (RabbitMQ 3.x does not): no batch is sent on this connection";
            thread.interrupt();
        } catch (ExecutionException e) {
            if (live.transactionsRefused == null) {
                live.transactionsRefused = "the broker refused a transacted session: " + describe(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new JMSException("interrupted while opening the transacted session for batches");
        } finally {
            live.openingTransacted = null;
        }
        LOG.warn("{}: batches fail: {}", connId(), live.transactionsRefused);
        throw new JMSException(live.transactionsRefused);
    }

    /**
     * Sends a dead letter to the queue it names, on the send session, through a producer made for that
     * queue on first use (addressed and checked as the target's own queue is); persistent and without
     * expiry, whatever the target's {@code persistent} and {@code ttl}; with the same duplicate-detection id.
     */
    @Override
    protected void sendDeadLetter(Live live, long key, EventDelivery delivery, DataArray data, DeadLetterSend deadLetter)
            throws JMSException {
        sendMessage(live, key, delivery, data, deadLetter);
    }

    /**
     * Maps and starts one send on the send session: to the target's producer, or for a dead letter to
     * the dead-letter queue's producer with the dead-letter attributes. Building the message is inside
     * the lost-connection handling: on a session the lost connection closed, it throws too.
     */
    private void sendMessage(Live live, long key, EventDelivery delivery, DataArray data, DeadLetterSend deadLetter)
            throws JMSException {
        synchronized (sendLock) {
            try {
                MessageProducer producer = deadLetter == null ? live.producer : deadLetterProducer(live, deadLetter.destination());
                Message message = mapper.toMessage(live.session, delivery, data, settings.groupBy().key(delivery.event(), data),
                        !live.duplicateIds ? null : DuplicateDetection.key(delivery.subscription().id(), delivery.event().id()),
                        deadLetter == null ? null
                                : new CloudEventAttributes.DeadLettered(deadLetter.reason(), delivery.attempt(), destination.label()));
                asyncSend.send(producer, message, new Completion(live, key));
            } catch (JMSException | RuntimeException e) {
                if (!live.failed && !watcher.connectionFailed(live, e)) {
                    if (deadLetter == null) {
                        throw e;
                    }
                    throw new JMSException("cannot send to dead-letter queue " + deadLetter.destination() + ": " + describe(e));
                }
                failed(key, "the connection to " + settings.displayUrl() + " was lost before the send started: " + describe(e));
            }
        }
    }

    /** The producer for dead-letter queue {@code name} on {@code live}, made on first use; under the send lock or while opening. */
    private MessageProducer deadLetterProducer(Live live, String name) throws JMSException {
        MessageProducer producer = live.deadLetterProducers.get(name);
        if (producer == null) {
            String address = watcher.address(live, name, false);
            String what = "dead-letter queue " + name + (address.equals(name) ? "" : " (address " + address + ")");
            live.describe(live.session, "session sending to " + destination.label() + " and " + what);
            watcher.check(live, address, false);
            producer = live.session.createProducer(live.session.createQueue(address));
            live.describe(producer, "link sending to " + what);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.setPriority(destination.priority());
            live.deadLetterProducers.put(name, producer);
        }
        return producer;
    }

    /** As the watcher says ({@link ConnectionWatcher#permanent}); a failure of a lost connection never is. */
    @Override
    protected boolean permanent(Throwable error) {
        return error instanceof Exception e && watcher.permanent(e);
    }

    /** Closes the connection; Jakarta Messaging waits for the completion of sends in flight. */
    @Override
    protected void release(Live live) {
        try {
            live.connection().close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("{}: closing the connection failed: {}", connId(), describe(e));
        }
    }

    /** Where this target sends and reads replies, naming the provider's address where it differs from the name. */
    private String describe(String target, String replies) {
        String replyQueue = destination.replyQueue();
        return destination.label() + (target.equals(destination.destination()) ? "" : " (address " + target + ")")
                + (replyQueue == null ? "" : ", reading replies from queue " + replyQueue
                        + (replies.equals(replyQueue) ? "" : " (address " + replies + ")"));
    }

    private void onReply(Message message) {
        Optional<JmsMessageMapper.MappedReply> mapped;
        try {
            mapped = mapper.toReply(message, settings.replyType());
        } catch (JMSException e) {
            throw new IllegalStateException(connId() + ": cannot read reply message: " + describe(e), e);
        }
        if (mapped.isEmpty()) {
            LOG.warn("{}: skipped message {} on reply queue {}: its correlation id is not an event id", connId(),
                    messageId(message), destination.replyQueue());
            return;
        }
        reply(mapped.get().eventId(), mapped.get().reply());
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(no id)";
        }
    }

    /** Answers one send when the broker confirms or refuses it, or the connection fails first. */
    private final class Completion implements CompletionListener {
        private final Live live;
        private final long key;

        Completion(Live live, long key) {
            this.live = live;
            this.key = key;
        }

        @Override
        public void onCompletion(Message message) {
            confirmed(key);
        }

        @Override
        public void onException(Message message, Exception exception) {
            if (live.failed || watcher.connectionFailed(live, exception)) {
                failed(key, "the connection to " + settings.displayUrl()
                        + " was lost before the broker confirmed the send: " + describe(exception));
            } else {
                failed(key, "the broker refused the message: " + describe(exception), permanent(exception));
            }
        }
    }
}
