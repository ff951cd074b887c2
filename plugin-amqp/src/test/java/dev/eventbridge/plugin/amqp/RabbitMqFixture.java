package dev.eventbridge.plugin.amqp;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.LocalService;
import dev.eventbridge.tck.net.TcpProxy;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The machine's RabbitMQ (3.x with its AMQP 1.0 plugin, at 127.0.0.1:5672, guest/guest) for the
 * compatibility kit. The plugin connects through a {@link TcpProxy}, so {@link #stop()} and
 * {@link #start()} cut and resume its connections while the broker keeps its queues. Each name the
 * kit uses becomes a durable queue of this fixture's own ({@code <name>-<random>}), declared with
 * RabbitMQ's AMQP 0-9-1 client and deleted by {@link #deleteQueues()}. Receivers pull with
 * {@code basic.get} under the same lock as {@link #accepted}, so a message is always counted
 * exactly once: in its queue or by a receiver.
 */
final class RabbitMqFixture implements BrokerFixture {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    private static volatile boolean amqp10Checked;

    private final TcpProxy proxy;
    private final Connection admin;
    private final Map<String, String> queues = new ConcurrentHashMap<>();
    private final List<PullReceiver> receivers = new CopyOnWriteArrayList<>();
    private final Object counting = new Object();

    /** Skips (or, with CI=true, fails) the test when RabbitMQ is not there or AMQP 1.0 cannot be turned on. */
    RabbitMqFixture() throws Exception {
        LocalService.require("RabbitMQ", HOST, PORT);
        requireAmqp10();
        this.admin = connect();
        this.proxy = new TcpProxy(HOST, PORT);
    }

    /** The plugin's URL: through the proxy. */
    String url() {
        return "amqp://127.0.0.1:" + proxy.port();
    }

    /** This fixture's durable queue for kit name {@code name}, declared on first use. */
    String queue(String name) {
        return queues.computeIfAbsent(name, n -> {
            String queue = n + "-" + UUID.randomUUID().toString().substring(0, 8);
            withChannel(ch -> ch.queueDeclare(queue, true, false, false, null));
            return queue;
        });
    }

    /** A queue name unique to this fixture that nothing declared (yet), deleted with the others. */
    String undeclared(String name) {
        String queue = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        queues.put(queue, queue);
        return queue;
    }

    /** Runs {@code work} on a fresh AMQP 0-9-1 channel of the fixture's own connection. */
    <T> T withChannel(ChannelWork<T> work) {
        try (Channel channel = admin.createChannel()) {
            return work.run(channel);
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("RabbitMQ 0-9-1: " + e.getMessage(), e);
        }
    }

    /** Work on one channel. */
    @FunctionalInterface
    interface ChannelWork<T> {
        T run(Channel channel) throws IOException;
    }

    /** Deletes every queue this fixture declared or named, and closes its connections. */
    void deleteQueues() throws IOException, java.util.concurrent.TimeoutException {
        receivers.forEach(PullReceiver::close);
        for (String queue : queues.values()) {
            withChannel(ch -> ch.queueDelete(queue));
        }
        admin.close();
        proxy.close();
    }

    @Override
    public void start() throws IOException {
        proxy.resume();
    }

    @Override
    public void stop() throws IOException {
        proxy.cut();
    }

    @Override
    public Receiver receiver(String destination) throws Exception {
        PullReceiver receiver = new PullReceiver(queue(destination));
        receivers.add(receiver);
        return receiver;
    }

    /** Exact at any moment: the queue's ready messages (none is delivered un-acked: receivers pull) plus those pulled. */
    @Override
    public long accepted(String destination) {
        String queue = queue(destination);
        synchronized (counting) {
            long pulled = receivers.stream().filter(r -> r.queue.equals(queue)).mapToLong(r -> r.ids.size()).sum();
            return withChannel(ch -> ch.queueDeclarePassive(queue).getMessageCount()) + pulled;
        }
    }

    /**
     * Not on RabbitMQ 3.x: its AMQP 1.0 plugin has no outcome for a publish the queue refuses. A
     * queue with {@code x-overflow=reject-publish} answers the plugin's channel with basic.nack,
     * which the 3.10 session process has no clause for: the session crashes and the connection
     * closes, so the sender sees a lost connection, never a rejected disposition.
     */
    @Override
    public String refusingDestination() {
        throw new UnsupportedOperationException("RabbitMQ 3.x's AMQP 1.0 plugin never sends a rejected outcome: a "
                + "refused publish (basic.nack from x-overflow=reject-publish) crashes its session and closes the connection");
    }

    /** Replies as a plain AMQP 1.0 application would: Qpid JMS, a plain {@code type} property, JSON text. */
    @Override
    public void sendReply(String replyDestination, UUID answered, String type, String json) throws Exception {
        try (jakarta.jms.Connection c = new JmsConnectionFactory("amqp://" + HOST + ":" + PORT).createConnection("guest", "guest")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("/amq/queue/" + queue(replyDestination)));
            TextMessage reply = s.createTextMessage(json);
            reply.setJMSCorrelationID(answered.toString());
            reply.setStringProperty("type", type);
            p.send(reply);
        }
    }

    @Override
    public int connections() {
        return proxy.connections() + (int) receivers.stream().filter(PullReceiver::open).count();
    }

    private static Connection connect() throws IOException, java.util.concurrent.TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        return factory.newConnection("eventbridge-kit-fixture");
    }

    /** Turns on rabbitmq_amqp1_0 when an AMQP 1.0 connection does not work, then waits (bounded) until one does. */
    private static synchronized void requireAmqp10() {
        if (amqp10Checked) {
            return;
        }
        if (!amqp10Works()) {
            String enabled;
            try {
                Process p = new ProcessBuilder("rabbitmq-plugins", "enable", "rabbitmq_amqp1_0").redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes()).trim();
                enabled = p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0 ? null : output;
            } catch (IOException | InterruptedException e) {
                enabled = e.toString();
            }
            if (enabled != null) {
                LocalService.unavailable("RabbitMQ's AMQP 1.0 plugin is off and 'rabbitmq-plugins enable rabbitmq_amqp1_0' failed: "
                        + enabled.lines().reduce((a, b) -> b).orElse(enabled));
            }
            await("an AMQP 1.0 connection to RabbitMQ after enabling rabbitmq_amqp1_0").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(RabbitMqFixture::amqp10Works);
        }
        amqp10Checked = true;
    }

    private static boolean amqp10Works() {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://" + HOST + ":" + PORT
                + "?jms.connectTimeout=3000&jms.requestTimeout=3000");
        try (jakarta.jms.Connection c = factory.createConnection("guest", "guest")) {
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Pulls one queue with basic.get on its own connection, recording each event id under the fixture's count lock. */
    private final class PullReceiver implements Receiver {
        private final String queue;
        private final List<UUID> ids = new CopyOnWriteArrayList<>();
        private final Connection connection;
        private final Thread puller;
        private volatile boolean running = true;

        PullReceiver(String queue) throws IOException, java.util.concurrent.TimeoutException {
            this.queue = queue;
            this.connection = connect();
            Channel channel = connection.createChannel();
            this.puller = new Thread(() -> pull(channel), "kit-receiver-" + queue);
            puller.setDaemon(true);
            puller.start();
        }

        private void pull(Channel channel) {
            while (running) {
                boolean got;
                try {
                    synchronized (counting) {
                        GetResponse r = channel.basicGet(queue, true);
                        got = r != null;
                        if (got) {
                            AMQP.BasicProperties props = r.getProps();
                            ids.add(JmsMessageMapper.parseCorrelationId(props.getCorrelationId()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    return; // closed
                }
                if (!got) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the poll interval of an empty queue
                }
            }
        }

        boolean open() {
            return connection.isOpen();
        }

        @Override
        public List<UUID> eventIds() {
            return new ArrayList<>(ids);
        }

        @Override
        public void close() {
            running = false;
            try {
                puller.join(5000);
                if (connection.isOpen()) {
                    connection.close();
                }
            } catch (IOException | InterruptedException e) {
                // gone already
            }
        }
    }
}
