package dev.eventbridge.bench.e2e;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The raw client the bridge is compared with: one Jakarta Messaging producer sending persistent
 * bytes messages asynchronously (a {@link CompletionListener} per send, answered when the broker
 * confirms), with a bounded window of sends outstanding.
 */
public final class RawJmsProducer implements AutoCloseable {

    /** The confirmation window plugin-jms gives an Artemis factory; without one Artemis confirms sends at once. */
    private static final int ARTEMIS_CONFIRMATION_WINDOW = 1024 * 1024;

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final AtomicLong failures = new AtomicLong();
    private volatile Semaphore window;
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();

    public RawJmsProducer(ConnectionFactory factory, String queue) throws JMSException {
        this.connection = factory.createConnection();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.producer = session.createProducer(session.createQueue(queue));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        connection.start();
    }

    /** Qpid JMS on an AMQP 1.0 URL. */
    public static RawJmsProducer qpid(String amqpUrl, String queue) throws JMSException {
        return new RawJmsProducer(new JmsConnectionFactory(amqpUrl), queue);
    }

    /** The Artemis CORE client, with send confirmations as plugin-jms configures them. */
    public static RawJmsProducer artemis(String coreUrl, String queue) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(coreUrl);
        factory.setConfirmationWindowSize(ARTEMIS_CONFIRMATION_WINDOW);
        return new RawJmsProducer(factory, queue);
    }

    /** Sends {@code count} messages with at most {@code inFlight} unconfirmed; returns the nanoseconds until the last confirmation. */
    public long sendAll(int count, byte[] body, int inFlight) throws Exception {
        Semaphore w = new Semaphore(inFlight);
        window = w;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            w.acquire();
            send(body, null);
        }
        if (!w.tryAcquire(inFlight, 5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the broker did not confirm every send within 5 minutes");
        }
        long elapsed = System.nanoTime() - start;
        window = null;
        return elapsed;
    }

    /** One asynchronous send carrying property {@code bench_ref} when given. */
    public void send(byte[] body, String reference) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(body);
        if (reference != null) {
            m.setStringProperty(LatencyProbe.REFERENCE_PROPERTY, reference);
        }
        Semaphore w = window;
        pending.incrementAndGet();
        producer.send(m, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                pending.decrementAndGet();
                if (w != null) {
                    w.release();
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                pending.decrementAndGet();
                failures.incrementAndGet();
                if (w != null) {
                    w.release();
                }
            }
        });
    }

    /** Waits (at most {@code seconds}) until every send so far was confirmed or failed. */
    public void awaitIdle(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.get() + " raw sends unconfirmed after " + seconds + " s");
            }
            Thread.sleep(1);
        }
    }

    /** Sends the broker refused or that failed. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
