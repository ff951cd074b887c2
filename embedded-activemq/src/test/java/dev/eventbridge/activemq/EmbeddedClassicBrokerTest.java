package dev.eventbridge.activemq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Classic broker with real clients: OpenWire (ActiveMQ's own) and AMQP 1.0 (Qpid JMS). */
class EmbeddedClassicBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private EmbeddedClassicBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedClassicBroker(dir).refuseSendsBeyond("full.>", 4096).start();
    }

    @AfterEach
    void stop() throws Exception {
        broker.stop();
    }

    private static void send(ConnectionFactory factory, String queue, int count, int size) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (int i = 0; i < count; i++) {
                p.send(s.createTextMessage(i + ":" + "x".repeat(size)));
            }
        }
    }

    @Test
    void a_restart_on_the_same_store_and_ports_keeps_the_stored_messages() throws Exception {
        send(new ActiveMQConnectionFactory(broker.openwireUrl()), "kept", 3, 10);
        broker.stop();
        broker.start();
        assertEquals(3, broker.messageCount("kept"));
        try (Connection c = new JmsConnectionFactory(broker.amqpUrl()).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage first = (TextMessage) s.createConsumer(s.createQueue("kept")).receive(WAIT.toMillis());
            assertNotNull(first, "a stored message survives the restart");
            assertTrue(first.getText().startsWith("0:"), first.getText());
        }
    }

    @Test
    void accepted_messages_are_counted_per_destination_over_both_protocols_and_across_restarts() throws Exception {
        send(new ActiveMQConnectionFactory(broker.openwireUrl()), "counted", 2, 10);
        broker.stop();
        broker.start();
        send(new JmsConnectionFactory(broker.amqpUrl()), "counted", 3, 10);
        assertEquals(5, broker.accepted("counted"));
        assertEquals(0, broker.accepted("other"));
    }

    @Test
    void open_client_connections_are_counted_over_every_transport() throws Exception {
        assertEquals(0, broker.connectionCount());
        try (Connection openwire = new ActiveMQConnectionFactory(broker.openwireUrl()).createConnection();
             Connection amqp = new JmsConnectionFactory(broker.amqpUrl()).createConnection()) {
            openwire.start();
            amqp.start();
            await("two connections").atMost(WAIT).until(() -> broker.connectionCount() == 2);
        }
        await("none left").atMost(WAIT).until(() -> broker.connectionCount() == 0);
        try (Socket mqtt = new Socket("127.0.0.1", broker.mqttPort())) {
            assertTrue(mqtt.isConnected(), "the MQTT transport listens on " + broker.mqttUrl());
        }
    }

    @Test
    void a_full_refusing_queue_fails_an_openwire_send_with_a_resource_allocation_exception() throws Exception {
        JMSException e = assertThrows(JMSException.class,
                () -> send(new ActiveMQConnectionFactory(broker.openwireUrl()), "full.orders", 20, 2048));
        assertInstanceOf(ResourceAllocationException.class, e, e.toString());
        long accepted = broker.accepted("full.orders");
        assertTrue(accepted > 0 && accepted < 20, "some sends were accepted before the queue filled: " + accepted);
        assertEquals(accepted, broker.messageCount("full.orders"));
    }

    @Test
    void a_full_refusing_queue_rejects_an_amqp_send() throws Exception {
        JMSException e = assertThrows(JMSException.class,
                () -> send(new JmsConnectionFactory(broker.amqpUrl()), "full.orders", 20, 2048));
        assertTrue(String.valueOf(e.getMessage()).contains("Usage Manager Memory Limit"), e.toString());
        assertTrue(broker.accepted("full.orders") < 20);
    }
}
