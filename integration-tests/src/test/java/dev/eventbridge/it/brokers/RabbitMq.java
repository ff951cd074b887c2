package dev.eventbridge.it.brokers;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.rabbitmq.client.ConnectionFactory;
import java.util.concurrent.TimeoutException;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest) as an operator and a consumer application see
 * it: RabbitMQ's own client (AMQP 0-9-1) to declare and delete queues, {@code rabbitmqctl} for what
 * the broker holds, Qpid JMS over AMQP 1.0 for reading a queue.
 */
final class RabbitMq {

    static final String URL = "amqp://127.0.0.1:5672";

    private RabbitMq() {
    }

    /** Whether RabbitMQ answers AMQP 1.0 (its rabbitmq_amqp1_0 plugin is on). */
    static boolean speaksAmqp10() {
        try (Connection c = factory().createConnection("guest", "guest")) {
            c.start();
            return true;
        } catch (JMSException | RuntimeException e) {
            return false;
        }
    }

    /** Whether RabbitMQ lists {@code queue} as durable ({@code rabbitmqctl list_queues name durable}). */
    static boolean durable(String queue) throws IOException, InterruptedException {
        for (String line : ctl("list_queues", "-q", "--no-table-headers", "name", "durable").split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].equals(queue)) {
                return Boolean.parseBoolean(cols[1]);
            }
        }
        throw new AssertionError("RabbitMQ has no queue " + queue);
    }

    /** Declares {@code queue} durable, as an operator does before pointing the bridge at it. */
    static void declareDurable(String queue) throws IOException, TimeoutException {
        try (com.rabbitmq.client.Connection c = operator().newConnection("eventbridge-it-operator")) {
            c.createChannel().queueDeclare(queue, true, false, false, null);
        }
    }

    /** Deletes {@code queue} if it exists. */
    static void delete(String queue) throws IOException, TimeoutException {
        try (com.rabbitmq.client.Connection c = operator().newConnection("eventbridge-it-operator")) {
            c.createChannel().queueDelete(queue);
        }
    }

    private static ConnectionFactory operator() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    /** A consumer application on an existing {@code queue}, collecting the CloudEvents id of each message. */
    static Reader reader(String queue) throws JMSException {
        return new Reader(queue);
    }

    private static JmsConnectionFactory factory() {
        return new JmsConnectionFactory(URL + "?jms.connectTimeout=5000&amqp.saslMechanisms=PLAIN");
    }

    private static String ctl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("rabbitmqctl " + String.join(" ", args) + " did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads a queue from the moment it is made; {@link #ids()} are the distinct event ids seen. */
    static final class Reader implements AutoCloseable {
        private final Connection connection;
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final AtomicInteger received = new AtomicInteger();

        private Reader(String queue) throws JMSException {
            connection = factory().createConnection("guest", "guest");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("/amq/queue/" + queue)).setMessageListener((Message m) -> {
                try {
                    received.incrementAndGet();
                    ids.add(m.getStringProperty("cloudEvents_id"));
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            connection.start();
        }

        Set<String> ids() {
            return new TreeSet<>(ids);
        }

        int received() {
            return received.get();
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }
}
