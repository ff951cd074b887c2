package dev.eventbridge.connectout.jms.testkit;

import dev.eventbridge.activemq.EmbeddedClassicBroker;
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

/**
 * An embedded ActiveMQ Classic read and written with a Jakarta Messaging client of the plugin's
 * protocol (ActiveMQ's own over OpenWire, Qpid JMS over AMQP 1.0), for the compatibility kit. Queues
 * under {@code full.} refuse sends once about {@value #FULL_MAX_BYTES} bytes are held there; the
 * AMQP transport grants each producer {@value #AMQP_PRODUCER_CREDIT} credits, so that the kit's
 * burst of 500 goes beyond the grant.
 */
public final class ClassicJmsFixture implements BrokerFixture {

    public static final int FULL_MAX_BYTES = 4096;
    public static final int AMQP_PRODUCER_CREDIT = 100;

    private final EmbeddedClassicBroker broker;
    private final Function<EmbeddedClassicBroker, String> url;
    private final Function<String, ConnectionFactory> client;
    private final String prefix;

    /**
     * @param url    the broker URL for the protocol ({@link EmbeddedClassicBroker#openwireUrl()}...)
     * @param client makes the test's client factory for {@code url}
     * @param prefix the CloudEvents property prefix replies carry their type in
     */
    public ClassicJmsFixture(Path dir, Function<EmbeddedClassicBroker, String> url,
                             Function<String, ConnectionFactory> client, String prefix) {
        this.broker = new EmbeddedClassicBroker(dir).refuseSendsBeyond("full.>", FULL_MAX_BYTES)
                .amqpProducerCredit(AMQP_PRODUCER_CREDIT);
        this.url = url;
        this.client = client;
        this.prefix = prefix;
    }

    /** The URL the plugin connects to; known once the broker has started (it binds free ports then). */
    public String url() {
        return url.apply(broker);
    }

    /** The broker itself. */
    public EmbeddedClassicBroker broker() {
        return broker;
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
        Connection connection = client.apply(url()).createConnection();
        List<UUID> ids = new CopyOnWriteArrayList<>();
        List<Message> messages = new CopyOnWriteArrayList<>();
        try {
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
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new ArtemisJmsFixture.JmsReceiver(connection, ids, messages);
    }

    @Override
    public long accepted(String destination) {
        return broker.accepted(destination);
    }

    @Override
    public String refusingDestination() {
        return "full.orders";
    }

    @Override
    public void sendReply(String replyDestination, UUID answered, String type, String json) throws JMSException {
        try (Connection c = client.apply(url()).createConnection()) {
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
}
