package dev.eventbridge.connectout.jms.connection;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.connectout.jms.JmsOptions;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jakarta Messaging target: a connection, a send session with its producer, and a consumer on
 * the reply queue when there is one. Each delivery is one asynchronous send whose
 * {@link CompletionListener} answers it: completion acks, an exception rejects. Sends are serialised
 * on the send session, which Jakarta Messaging allows one thread at a time. Connection life,
 * reconnects and health are the kit's {@link BrokerConnection}.
 */
public final class JmsConnection extends BrokerConnection<JmsConnection.Live> {

    /** Hooks into a new connection beyond its ExceptionListener, for provider events such as failover. */
    @FunctionalInterface
    public interface ConnectionWatcher {
        /** Watches nothing. */
        ConnectionWatcher NONE = (live, target) -> { };

        /**
         * Called once per new connection, before it starts; report interruptions to
         * {@link BrokerConnection#interrupted} and restorations to {@link BrokerConnection#restored}
         * with {@code live}.
         */
        void watch(Live live, JmsConnection target) throws JMSException;
    }

    /** An open connection with its send session and producer. */
    public static final class Live {
        private final Connection connection;
        private Session session;
        private MessageProducer producer;

        private Live(Connection connection) {
            this.connection = connection;
        }

        /** The provider's connection. */
        public Connection connection() {
            return connection;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JmsConnection.class);

    private final JmsOptions.Destination destination;
    private final ConnectionFactory factory;
    private final JmsMessageMapper mapper;
    private final ConnectionWatcher watcher;
    private final AsyncSend asyncSend;
    private final Object sendLock = new Object();

    public JmsConnection(TargetSettings settings, JmsOptions.Destination destination, ConnectionFactory factory,
                         JmsMessageMapper mapper, Callbacks callbacks, ConnectionWatcher watcher) {
        this(settings, destination, factory, mapper, callbacks, watcher, AsyncSend.JAKARTA);
    }

    /** As the other constructor, starting each send with {@code asyncSend}. */
    public JmsConnection(TargetSettings settings, JmsOptions.Destination destination, ConnectionFactory factory,
                         JmsMessageMapper mapper, Callbacks callbacks, ConnectionWatcher watcher, AsyncSend asyncSend) {
        super(settings, callbacks, Integer.MAX_VALUE);
        this.destination = destination;
        this.factory = factory;
        this.mapper = mapper;
        this.watcher = watcher;
        this.asyncSend = asyncSend;
    }

    @Override
    protected String sendsTo() {
        return destination.label() + (destination.replyQueue() == null ? ""
                : ", reading replies from queue " + destination.replyQueue());
    }

    @Override
    protected Live open() throws JMSException {
        Connection connection = settings.username() == null ? factory.createConnection()
                : factory.createConnection(settings.username(), settings.password());
        Live live = new Live(connection);
        try {
            connection.setExceptionListener(e -> lost(live, e));
            watcher.watch(live, this);
            live.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            live.producer = live.session.createProducer(destination.topic()
                    ? live.session.createTopic(destination.destination())
                    : live.session.createQueue(destination.destination()));
            live.producer.setDeliveryMode(destination.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            live.producer.setPriority(destination.priority());
            live.producer.setTimeToLive(destination.timeToLive().toMillis());
            if (destination.replyQueue() != null) {
                Session replies = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = replies.createConsumer(replies.createQueue(destination.replyQueue()));
                consumer.setMessageListener(this::onReply);
            }
            connection.start();
            return live;
        } catch (JMSException | RuntimeException e) {
            release(live);
            throw e;
        }
    }

    @Override
    protected boolean refusedLogin(Throwable error) {
        return error instanceof JMSSecurityException || error.getCause() instanceof SecurityException;
    }

    @Override
    protected void send(Live live, long key, EventDelivery delivery, DataArray data) throws JMSException {
        synchronized (sendLock) {
            Message message = mapper.toMessage(live.session, delivery, data);
            asyncSend.send(live.producer, message, new Completion(key));
        }
    }

    /** Closes the connection; Jakarta Messaging waits for the completion of sends in flight. */
    @Override
    protected void release(Live live) {
        try {
            live.connection.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("{}: closing the connection failed: {}", connId(), describe(e));
        }
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

    /** Answers one send when the broker confirms or refuses it. */
    private final class Completion implements CompletionListener {
        private final long key;

        Completion(long key) {
            this.key = key;
        }

        @Override
        public void onCompletion(Message message) {
            confirmed(key);
        }

        @Override
        public void onException(Message message, Exception exception) {
            failed(key, "the broker refused the message: " + describe(exception));
        }
    }
}
