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
 * a message whose CloudEvents type is {@link #refuseType the refused type} is refused by a broker plugin.
 */
public final class ArtemisJmsFixture implements BrokerFixture {

    public static final int FULL_MAX_BYTES = 4096;

    private final EmbeddedBroker broker;
    private final String url;
    private final Function<String, ConnectionFactory> client;
    private final String prefix;
    private volatile String refusedType;

    /**
     * @param url    the broker URL for the protocol, from the broker ({@link EmbeddedBroker#coreUrl()}...)
     * @param client makes the test's client factory for {@code url}
     * @param prefix the CloudEvents property prefix replies carry their type in
     */
    public ArtemisJmsFixture(Path dir, Function<EmbeddedBroker, String> url, Function<String, ConnectionFactory> client,
                             String prefix) {
        this.broker = new EmbeddedBroker(dir).addressSetting("full.#", new AddressSettings()
                .setMaxSizeBytes(FULL_MAX_BYTES).setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL))
                .brokerPlugin(new org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin() {
                    @Override
                    public void beforeSend(org.apache.activemq.artemis.core.server.ServerSession session,
                                           org.apache.activemq.artemis.core.transaction.Transaction tx,
                                           org.apache.activemq.artemis.api.core.Message message, boolean direct,
                                           boolean noAutoCreateQueue) throws org.apache.activemq.artemis.api.core.ActiveMQException {
                        String refused = refusedType;
                        if (refused != null && refused.equals(String.valueOf(message.getObjectProperty(prefix + "type")))) {
                            throw new org.apache.activemq.artemis.api.core.ActiveMQException("refused by the test: type " + refused);
                        }
                    }
                });
        this.url = url.apply(broker);
        this.client = client;
        this.prefix = prefix;
    }

    /** From now on the broker refuses every message whose CloudEvents type is {@code type}; null refuses none. */
    public void refuseType(String type) {
        refusedType = type;
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
