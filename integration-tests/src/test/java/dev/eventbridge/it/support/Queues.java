package dev.eventbridge.it.support;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Reads a broker queue the way a plain application would, through Artemis' own client. */
public final class Queues {

    private Queues() {
    }

    /** Every message on {@code queue} until none arrives for {@code quietMillis}: the value of property {@code property} of each, in order. */
    public static List<Long> drain(String coreUrl, String queue, String property, long quietMillis) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = new ActiveMQConnectionFactory(coreUrl).createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message m;
            while ((m = consumer.receive(quietMillis)) != null) {
                out.add(m.getLongProperty(property));
            }
        }
        return out;
    }
}
