package dev.eventbridge.it.kit;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jakarta Messaging application on a queue: any provider's client, reading the CloudEvents
 * attributes from properties named {@code <prefix><attribute>} and answering on a reply queue with
 * the event id as correlation id.
 */
public final class JmsTargetConsumer implements TargetConsumer {

    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;
    private final String prefix;
    private final String replyQueue;

    public JmsTargetConsumer(ConnectionFactory factory, String queue, String prefix, String replyQueue) throws Exception {
        this.connection = factory.createConnection();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.consumer = session.createConsumer(session.createQueue(queue));
        this.prefix = prefix;
        this.replyQueue = replyQueue;
        connection.start();
    }

    @Override
    public Received receive(Duration timeout) throws Exception {
        Message m = consumer.receive(timeout.toMillis());
        if (m == null) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Object name : Collections.list(m.getPropertyNames())) {
            String key = name.toString();
            if (key.startsWith(prefix)) {
                attributes.put(key.substring(prefix.length()), String.valueOf(m.getObjectProperty(key)));
            }
        }
        attributes.put("correlationId", m.getJMSCorrelationID());
        String body;
        byte[] bytes;
        if (m instanceof TextMessage t) {
            body = t.getText();
            bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        } else if (m instanceof BytesMessage b) {
            bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            body = new String(bytes, StandardCharsets.UTF_8);
        } else {
            throw new AssertionError("unexpected message type " + m.getClass());
        }
        return new Received(attributes, body, m.getJMSCorrelationID(), bytes);
    }

    @Override
    public void reply(Received to, String body) throws Exception {
        TextMessage reply = session.createTextMessage(body);
        reply.setJMSCorrelationID(to.id());
        session.createProducer(session.createQueue(replyQueue)).send(reply);
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
