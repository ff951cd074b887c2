package dev.eventbridge.connectout.jms.testkit;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import dev.eventbridge.tck.BrokerFixture;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An embedded Artemis read and written with a Jakarta Messaging client of the plugin's protocol
 * (Artemis' own over CORE, Qpid JMS over AMQP 1.0), for the compatibility kit and the mapping
 * tests. Addresses under {@code full.} hold at most {@value #FULL_MAX_BYTES} bytes and refuse further sends;
 * addresses under {@code batch.} hold at most {@value #BATCH_MAX_MESSAGES} messages, counting those of
 * open transactions, and refuse further sends (policy FAIL), which fails the transaction.
 */
public final class ArtemisJmsFixture implements BrokerFixture {

    public static final int FULL_MAX_BYTES = 4096;
    public static final int BATCH_MAX_MESSAGES = 6;

    private final EmbeddedBroker broker;
    private final String url;
    private final Function<String, ConnectionFactory> client;
    private final String prefix;

    /**
     * @param url    the broker URL for the protocol, from the broker ({@link EmbeddedBroker#coreUrl()}...)
     * @param client makes the test's client factory for {@code url}
     * @param prefix the CloudEvents property prefix replies carry their type in
     */
    public ArtemisJmsFixture(Path dir, Function<EmbeddedBroker, String> url, Function<String, ConnectionFactory> client,
                             String prefix) {
        this.broker = new EmbeddedBroker(dir).addressSetting("full.#", new AddressSettings()
                .setMaxSizeBytes(FULL_MAX_BYTES).setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL))
                .addressSetting("batch.#", new AddressSettings().setMaxSizeMessages(BATCH_MAX_MESSAGES)
                        .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
        this.url = url.apply(broker);
        this.client = client;
        this.prefix = prefix;
    }

    /** Sends {@code count} messages to queue {@code queue}, each confirmed, with a random UUID as correlation id. */
    public void fill(String queue, int count) throws JMSException {
        try (Connection c = clientFactory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (int i = 0; i < count; i++) {
                TextMessage filler = s.createTextMessage("filler " + i);
                filler.setJMSCorrelationID(UUID.randomUUID().toString());
                p.send(filler);
            }
        }
    }

    /** The URL the plugin connects to. */
    public String url() {
        return url;
    }

    /** The broker itself. */
    public EmbeddedBroker broker() {
        return broker;
    }

    /** A client connection factory of the plugin's protocol. */
    public ConnectionFactory clientFactory() {
        return client.apply(url);
    }

    @Override
    public void start() throws Exception {
        broker.start();
    }

    @Override
    public void stop() throws Exception {
        broker.stop();
    }

    @Override
    public Receiver receiver(String destination) throws JMSException {
        Connection connection = clientFactory().createConnection();
        List<UUID> ids = new CopyOnWriteArrayList<>();
        List<Message> messages = new CopyOnWriteArrayList<>();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue(destination)).setMessageListener(m -> {
            messages.add(m);
            try {
                ids.add(JmsMessageMapper.parseCorrelationId(m.getJMSCorrelationID()));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();
        return new JmsReceiver(connection, ids, messages);
    }

    @Override
    public long accepted(String destination) {
        return broker.routedTo(destination);
    }

    @Override
    public String refusingDestination() {
        return "full.orders";
    }

    @Override
    public void sendReply(String replyDestination, UUID answered, String type, String json) throws JMSException {
        try (Connection c = clientFactory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(replyDestination));
            TextMessage reply = s.createTextMessage(json);
            reply.setJMSCorrelationID(answered.toString());
            reply.setStringProperty(prefix + "type", type);
            p.send(reply);
        }
    }

    @Override
    public int connections() {
        return broker.connectionCount();
    }

    /** A consumer of one queue; also keeps the messages, for mapping checks. */
    public static final class JmsReceiver implements Receiver {
        private final Connection connection;
        private final List<UUID> ids;
        private final List<Message> messages;

        JmsReceiver(Connection connection, List<UUID> ids, List<Message> messages) {
            this.connection = connection;
            this.ids = ids;
            this.messages = messages;
        }

        @Override
        public List<UUID> eventIds() {
            return List.copyOf(ids);
        }

        /** The messages received so far, in arrival order. */
        public List<Message> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (JMSException e) {
                // the broker may be gone already
            }
        }
    }
}
