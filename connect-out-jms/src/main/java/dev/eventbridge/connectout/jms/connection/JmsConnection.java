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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>Batches ({@link #sendBatch}) go on two transacted sessions used in turn ({@link TransactedBatches}),
 * made on the connection's first batch (so that a target never sent a batch never asks the broker for
 * a transaction) and kept while the connection lives; each message is mapped as a single delivery is,
 * each batch committed once, in order. A broker that refuses transactions, or never answers the
 * transacted session within {@code open.timeout} (RabbitMQ 3.x leaves Qpid JMS waiting for ever),
 * gets the target's batches as single confirmed sends, with one WARN line naming the target and why.
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
    /** Why this target sends its batches as single sends (its broker has no transactions), or null. */
    private volatile String singleSends;
    private volatile ExecutorService committer;

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
        if (live.transactional(resource)) { // batches fail or go as single sends, naming it; single sends go on
            String reason = "the broker " + (live.openingTransacted != null ? "refused" : "closed")
                    + " a transacted session for batches: " + describe(cause);
            Thread opening = live.openingTransacted;
            if (opening != null) {
                live.transactionsRefused = reason;
                opening.interrupt();
            } else if (live.transactionsRefused != null || singleSends != null) {
                LOG.info("{}: {}", connId(), reason); // the abandoned attempt's session, now closed
            } else {
                live.batches = null; // the next batch makes new ones; the batches on these fail
                LOG.warn("{}: {}", connId(), reason);
            }
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
     * Sends {@code batch} in one local transaction ({@link TransactedBatches}: two transacted sessions
     * used in turn, commits in order on the target's committer thread), each message mapped as
     * {@link #send} maps it. Where the broker has no transactions (it refused the transacted sessions,
     * or did not answer within {@code open.timeout}: RabbitMQ 3.x), the target sends its batches as
     * single confirmed sends from then on, said once in a WARN line. Sender thread.
     */
    @Override
    protected void sendBatch(Live live, List<SendWindow.Admitted> batch) throws JMSException {
        TransactedBatches batches = singleSends == null ? batches(live) : null;
        if (batches == null) {
            for (int i = 0; i < batch.size(); i++) {
                SendWindow.Admitted a = batch.get(i);
                try {
                    sendMessage(live, a.key(), a.delivery(), a.data(), null);
                } catch (JMSException | RuntimeException e) {
                    failed(a.key(), "the broker refused the message: " + describe(e), permanent(e));
                    for (SendWindow.Admitted rest : batch.subList(i + 1, batch.size())) {
                        failed(rest.key(), "not sent: a message before it in its batch was refused");
                    }
                    return;
                }
            }
            return;
        }
        batches.send(batch, (session, a) -> mapper.toMessage(session, a.delivery(), a.data(),
                settings.groupBy().key(a.delivery().event(), a.data()), !live.duplicateIds ? null
                        : DuplicateDetection.key(a.delivery().subscription().id(), a.delivery().event().id())));
    }

    /**
     * The batches of {@code live}, with their two transacted sessions made on first use on a thread of
     * their own and waited for at most {@code open.timeout} (a broker without transactions may never
     * answer); null, once {@link #singleSends} says why, when the broker refused them or did not answer.
     */
    private TransactedBatches batches(Live live) throws JMSException {
        TransactedBatches batches = live.batches;
        if (batches != null && !batches.broken()) {
            return batches;
        }
        FutureTask<TransactedBatches> opening = new FutureTask<>(() -> new TransactedBatches(transactedSession(live, 1),
                transactedSession(live, 2), committer(), asyncSend, batchAnswers(live), settings.sendTimeout()));
        Thread thread = new Thread(opening, "eventbridge-" + connId() + "-transacted");
        thread.setDaemon(true);
        live.openingTransacted = thread;
        thread.start();
        long timeout = settings.openTimeout().toMillis();
        String refusal = null;
        try {
            batches = opening.get(timeout, TimeUnit.MILLISECONDS);
            refusal = live.transactionsRefused;
        } catch (TimeoutException e) {
            refusal = "the broker did not open a transacted session within open.timeout (" + timeout + " ms); it may not "
                    + "support transactions (RabbitMQ 3.x does not)";
            live.transactionsRefused = refusal;
            thread.interrupt();
        } catch (ExecutionException e) {
            refusal = live.transactionsRefused != null ? live.transactionsRefused
                    : "the broker refused a transacted session: " + describe(e.getCause());
            live.transactionsRefused = refusal;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new JMSException("interrupted while opening the transacted sessions for batches");
        } finally {
            live.openingTransacted = null;
        }
        if (refusal == null) {
            live.batches = batches;
            return batches;
        }
        if (live.failed) {
            throw new JMSException("the connection was lost while opening the transacted sessions: " + refusal);
        }
        singleSends = refusal;
        LOG.warn("{}: batches go as single confirmed sends, not in broker transactions, until the bridge restarts: {}",
                connId(), refusal);
        return null;
    }

    /** Transacted session {@code n} of {@code live} with its producer to the target. */
    private Live.Transacted transactedSession(Live live, int n) throws JMSException {
        Session session = live.connection().createSession(true, Session.SESSION_TRANSACTED);
        live.describe(session, "transacted session " + n + " sending batches to " + destination.label());
        String target = watcher.address(live, destination.destination(), destination.topic());
        MessageProducer producer = session.createProducer(destination.topic() ? session.createTopic(target)
                : session.createQueue(target));
        live.describe(producer, "link " + n + " sending batches to " + destination.label());
        messageOptions(producer);
        return new Live.Transacted(session, producer);
    }

    /** The target's committer thread ({@code eventbridge-<connId>-commit}), made on first use; sender thread. */
    private ExecutorService committer() {
        ExecutorService c = committer;
        if (c == null) {
            c = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "eventbridge-" + connId() + "-commit");
                t.setDaemon(true);
                return t;
            });
            committer = c;
        }
        return c;
    }

    private TransactedBatches.Answers batchAnswers(Live live) {
        return new TransactedBatches.Answers() {
            @Override
            public void confirmed(long key) {
                JmsConnection.this.confirmed(key);
            }

            @Override
            public void failed(long key, String reason) {
                JmsConnection.this.failed(key, reason);
            }

            @Override
            public String reason(Exception e, int size) {
                return live.failed || watcher.connectionFailed(live, e)
                        ? "the connection to " + settings.displayUrl() + " was lost before the broker committed the batch of "
                                + size + ": " + describe(e)
                        : "the broker did not commit the batch of " + size + ", none of it was stored: " + describe(e);
            }

            @Override
            public void rollbackFailed(Exception e) {
                LOG.debug("{}: rolling back a batch failed, making the transacted sessions again: {}", connId(), describe(e));
            }
        };
    }

    /** Stops the committer thread; batches it had not committed were rejected by the close. */
    @Override
    protected void closed() {
        ExecutorService c = committer;
        if (c != null) {
            c.shutdownNow();
        }
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
