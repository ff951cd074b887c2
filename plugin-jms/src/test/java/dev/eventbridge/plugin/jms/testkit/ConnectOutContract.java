package dev.eventbridge.plugin.jms.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.config.BridgeConfig;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every Jakarta Messaging based connect-out plugin must do against a real broker: delivery
 * with the CloudEvents mapping, ack after the broker accepted, reject on refusal, replies,
 * reconnect, and configuration errors naming their key. A plugin's test extends it with its
 * protocol, its plugin and its client.
 */
public abstract class ConnectOutContract {

    protected static final String TARGET = "orders";
    protected static final String PASSWORD = "s3cret-pw";
    protected static final UUID CID = UUID.fromString("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
    protected static final SubscriptionRef SUB = new SubscriptionRef(UUID.randomUUID(), "shop", "orders-out");

    @TempDir
    protected Path dir;
    protected EmbeddedBroker broker;
    protected RecordingCallbacks callbacks = new RecordingCallbacks();
    protected Plugin plugin;

    /** The Artemis acceptor protocol: CORE, AMQP. */
    protected abstract String protocol();

    protected abstract Plugin newPlugin();

    /** The target options that say how to connect to the broker on {@code port}. */
    protected abstract Map<String, String> connectOptions(int port);

    /** A client the test uses to read and write the broker's queues. */
    protected abstract ConnectionFactory clientFactory(int port);

    /** The CloudEvents property prefix. */
    protected abstract String prefix();

    /** A URL the plugin must refuse at init. */
    protected abstract String badUrl();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(protocol(), dir).start();
        plugin = newPlugin();
    }

    @AfterEach
    void stopAll() throws Exception {
        plugin.close();
        broker.close();
    }

    protected String connId() {
        return plugin.name() + "." + TARGET;
    }

    protected String key(String option) {
        return plugin.name() + ".targets." + TARGET + "." + option;
    }

    /** Properties for one target on queue {@code orders}, fast reconnects, plus {@code extra} (a null value removes a key). */
    protected Properties config(Map<String, String> extra) {
        Map<String, String> values = new ConcurrentHashMap<>();
        connectOptions(broker.port()).forEach((k, v) -> values.put(key(k), v));
        values.put(key("queue"), "orders");
        values.put(key("reconnect.initial.delay"), "50ms");
        values.put(key("reconnect.max.delay"), "200ms");
        extra.forEach((k, v) -> {
            if (v == null) {
                values.remove(key(k));
            } else {
                values.put(key(k), v);
            }
        });
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }

    /** initConfig, validate, init: as the core does it. */
    protected void start(Properties properties) throws Exception {
        BridgeConfig cfg = BridgeConfig.fromProperties(properties, "test.properties");
        ConfigSection section = cfg.section(plugin.name());
        plugin.initConfig(section);
        cfg.validate();
        plugin.init(section, callbacks);
    }

    protected void startConnected(Map<String, String> extra) throws Exception {
        start(config(extra));
        await("the target registers its connection").atMost(Duration.ofSeconds(10))
                .until(() -> callbacks.registered.contains(connId()));
    }

    protected Subscription subscription() {
        return new Subscription(SUB, plugin.name(), null, SubscriptionOptions.defaults(), false, Instant.now());
    }

    protected static EventDelivery delivery(long sequence) {
        Event event = new Event(UUID.randomUUID(), sequence, "shop", "order.created", "orders/" + sequence,
                "ref-" + sequence, CID, Instant.parse("2024-05-01T10:15:30Z").plusSeconds(sequence));
        return new EventDelivery(event, SUB, 1);
    }

    protected void deliver(EventDelivery delivery, DataArray data) {
        plugin.deliveryRequest(connId(), subscription(), delivery, data);
    }

    protected List<Message> receive(String queue, int count) throws JMSException {
        List<Message> out = new ArrayList<>();
        try (Connection c = clientFactory(broker.port()).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            for (int i = 0; i < count; i++) {
                Message m = consumer.receive(5000);
                assertNotNull(m, "message " + (i + 1) + " of " + count + " on " + queue);
                out.add(m);
            }
        }
        return out;
    }

    protected static String body(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return t.getText() == null ? "" : t.getText();
        }
        if (m instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new AssertionError("unexpected message type " + m.getClass());
    }

    @Test
    @DisplayName("Events arrive on the queue in order with the CloudEvents properties, the correlation id and the data as body")
    void eventsArriveInOrderWithMappedProperties() throws Exception {
        startConnected(Map.of());
        List<EventDelivery> sent = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            EventDelivery d = delivery(seq);
            sent.add(d);
            deliver(d, DataArray.ofJson("{\"n\":" + seq + "}", "\"x\""));
        }
        await("five acks").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 5);
        assertEquals(sent.stream().map(d -> d.event().id()).toList(),
                callbacks.acks().stream().map(DeliveryResponse::eventId).toList(), "acks in send order");

        List<Message> messages = receive("orders", 5);
        for (int i = 0; i < 5; i++) {
            Event e = sent.get(i).event();
            Message m = messages.get(i);
            assertEquals(e.id().toString(), m.getJMSCorrelationID());
            assertEquals("1.0", m.getStringProperty(prefix() + "specversion"));
            assertEquals(e.id().toString(), m.getStringProperty(prefix() + "id"));
            assertEquals("/eventbridge/shop", m.getStringProperty(prefix() + "source"));
            assertEquals("order.created", m.getStringProperty(prefix() + "type"));
            assertEquals(e.topic(), m.getStringProperty(prefix() + "subject"));
            assertEquals(e.created().toString(), m.getStringProperty(prefix() + "time"));
            assertEquals("application/json", m.getStringProperty(prefix() + "datacontenttype"));
            assertEquals(e.sequence(), m.getLongProperty(prefix() + "sequence"));
            assertEquals(e.topic(), m.getStringProperty(prefix() + "topic"));
            assertEquals("shop", m.getStringProperty(prefix() + "namespace"));
            assertEquals(CID.toString(), m.getStringProperty(prefix() + "cid"));
            assertEquals(e.reference(), m.getStringProperty(prefix() + "reference"));
            assertEquals("orders-out", m.getStringProperty(prefix() + "subscription"));
            assertEquals("[{\"n\":" + e.sequence() + "},\"x\"]", body(m));
            assertEquals(jakarta.jms.DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
            assertEquals(4, m.getJMSPriority());
        }
    }

    @Test
    @DisplayName("An event delivered without data has an empty body and no content type")
    void eventWithoutDataHasEmptyBody() throws Exception {
        startConnected(Map.of("persistent", "false", "priority", "7"));
        deliver(delivery(1), null);
        await("the ack").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 1);
        Message m = receive("orders", 1).get(0);
        assertEquals("", body(m));
        assertNull(m.getStringProperty(prefix() + "datacontenttype"));
        assertEquals(jakarta.jms.DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(7, m.getJMSPriority());
    }

    @Test
    @DisplayName("Each ack is recorded only after the broker has routed its message to the queue")
    void ackOnlyAfterTheBrokerAccepted() throws Exception {
        broker.stop();
        broker.recordRouted(prefix() + "id").start();
        startConnected(Map.of());
        Map<UUID, Boolean> routedAtAck = new ConcurrentHashMap<>();
        callbacks.onResponse(r -> routedAtAck.put(r.eventId(),
                broker.routed(prefix() + "id").contains(r.eventId().toString())));
        for (long seq = 1; seq <= 20; seq++) {
            deliver(delivery(seq), DataArray.ofJson("{\"n\":" + seq + "}"));
        }
        await("twenty acks").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 20);
        assertEquals(20, routedAtAck.size());
        routedAtAck.forEach((id, routed) -> assertTrue(routed, "event " + id + " was acked before the broker routed it"));
        assertEquals(20, receive("orders", 20).size());
    }

    @Test
    @DisplayName("A send the broker refuses (address full, policy FAIL) is rejected and not acked")
    void refusedSendIsRejected() throws Exception {
        startConnected(Map.of("queue", "full.orders"));
        String big = "\"" + "x".repeat(EmbeddedBroker.FULL_MAX_BYTES) + "\"";
        for (long seq = 1; seq <= 4; seq++) {
            deliver(delivery(seq), DataArray.ofJson(big));
        }
        await("four answers").atMost(Duration.ofSeconds(10)).until(() -> callbacks.responses.size() == 4);
        assertFalse(callbacks.rejects().isEmpty(), "some sends were refused: " + callbacks.responses);
        assertEquals(callbacks.acks().size(), broker.messageCount("full.orders"), "acked exactly what the queue holds");
        assertNotNull(callbacks.rejects().get(0).info());
    }

    @Test
    @DisplayName("A reply whose correlation id is an event id comes back as a reply response; others are skipped")
    void replyComesBackWithTheEventId() throws Exception {
        startConnected(Map.of("reply.queue", "orders.replies", "reply.type", "order.answer"));
        UUID answered = UUID.randomUUID();
        UUID answeredUntyped = UUID.randomUUID();
        try (Connection c = clientFactory(broker.port()).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("orders.replies"));
            TextMessage junk = s.createTextMessage("{\"junk\":true}");
            junk.setJMSCorrelationID("not-an-event-id");
            p.send(junk);
            TextMessage typed = s.createTextMessage("{\"accepted\":true}");
            typed.setJMSCorrelationID(answered.toString());
            typed.setStringProperty(prefix() + "type", "order.confirmed");
            typed.setStringProperty(prefix() + "reference", "confirmation-7");
            p.send(typed);
            BytesMessage untyped = s.createBytesMessage();
            untyped.writeBytes(new byte[] {1, 2, 3});
            untyped.setJMSCorrelationID(answeredUntyped.toString());
            p.send(untyped);
        }
        await("two replies").atMost(Duration.ofSeconds(10)).until(() -> callbacks.replies().size() == 2);
        DeliveryResponse first = callbacks.replies().get(0);
        assertEquals(answered, first.eventId());
        assertEquals("order.confirmed", first.reply().type());
        assertEquals("confirmation-7", first.reply().reference());
        assertEquals(List.of(new DataArray.Data.Json("{\"accepted\":true}")), first.reply().data().items());
        DeliveryResponse second = callbacks.replies().get(1);
        assertEquals(answeredUntyped, second.eventId());
        assertEquals("order.answer", second.reply().type());
        DataArray.Data.Binary binary = assertInstanceOf(DataArray.Data.Binary.class, second.reply().data().items().get(0));
        assertEquals(3, binary.bytes().length);
        await("the replies are acknowledged on the broker").atMost(Duration.ofSeconds(10))
                .until(() -> broker.messageCount("orders.replies") == 0);
    }

    @Test
    @DisplayName("When the broker stops the connection is reported closed, deliveries are rejected, and it registers again once the broker is back")
    void reconnectsAfterBrokerRestart() throws Exception {
        startConnected(Map.of());
        broker.stop();
        await("connectionClosed").atMost(Duration.ofSeconds(10)).until(() -> callbacks.closed.contains(connId()));
        assertFalse(plugin.health().get(connId()).up());

        deliver(delivery(1), null);
        await("the reject of a delivery while down").atMost(Duration.ofSeconds(5))
                .until(() -> callbacks.rejects().size() == 1);

        broker.start();
        await("the second registration").atMost(Duration.ofSeconds(15)).until(() -> callbacks.registered.size() == 2);
        assertTrue(plugin.health().get(connId()).up());
        deliver(delivery(2), DataArray.ofJson("2"));
        await("an ack after reconnecting").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 1);
        assertEquals("[2]", body(receive("orders", 1).get(0)));
    }

    @Test
    @DisplayName("A broker that is down at init does not fail init; the target registers once the broker is up")
    void registersOnceTheBrokerIsUp() throws Exception {
        broker.stop();
        start(config(Map.of("username", "bridge", "password", PASSWORD)));
        await("a failed connect attempt shows in health").atMost(Duration.ofSeconds(10))
                .until(() -> plugin.health().get(connId()).detail().startsWith("cannot connect"));
        ConnectionHealth down = plugin.health().get(connId());
        assertFalse(down.up());
        assertFalse(down.detail().contains(PASSWORD), down.detail());
        assertTrue(callbacks.registered.isEmpty());

        broker.start();
        await("the registration").atMost(Duration.ofSeconds(15)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(plugin.health().get(connId()).up());
        assertFalse(plugin.health().get(connId()).detail().contains(PASSWORD));
        assertEquals(1, callbacks.registered.size());
    }

    @Test
    @DisplayName("The registered matcher serves the configured subscription names and namespace only")
    void matcherFollowsTheOptions() throws Exception {
        startConnected(Map.of("subscriptions", "orders-.*", "namespace", "shop"));
        var matcher = callbacks.matchers.get(connId());
        assertTrue(matcher.matches(SUB));
        assertFalse(matcher.matches(new SubscriptionRef(UUID.randomUUID(), "shop", "billing")));
        assertFalse(matcher.matches(new SubscriptionRef(UUID.randomUUID(), "other", "orders-out")));
    }

    @Test
    @DisplayName("A delivery for an unknown connection is rejected, not thrown")
    void unknownConnectionIsRejected() throws Exception {
        startConnected(Map.of());
        plugin.deliveryRequest(plugin.name() + ".nosuch", subscription(), delivery(1), null);
        assertEquals(1, callbacks.rejects().size());
    }

    @Test
    @DisplayName("A bad URL fails init with a ConfigException naming the url key and the file")
    void badUrlFailsInit() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(config(Map.of("url", badUrl()))));
        assertEquals(key("url"), e.key());
        assertTrue(e.getMessage().contains("test.properties"), e.getMessage());
        assertTrue(callbacks.registered.isEmpty());
    }

    @Test
    @DisplayName("An unknown target option fails validation, naming it")
    void unknownOptionFailsValidation() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(config(Map.of("qeue", "orders"))));
        assertTrue(e.getMessage().contains(key("qeue")), e.getMessage());
    }

    @Test
    @DisplayName("A target with both a queue and a topic fails init, naming the queue key")
    void queueAndTopicTogetherFailInit() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(config(Map.of("topic", "t"))));
        assertEquals(key("queue"), e.key());
    }

    @Test
    @DisplayName("A priority outside 0-9 fails validation, naming it")
    void badPriorityFailsValidation() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(config(Map.of("priority", "12"))));
        assertTrue(e.getMessage().contains(key("priority")), e.getMessage());
    }
}
