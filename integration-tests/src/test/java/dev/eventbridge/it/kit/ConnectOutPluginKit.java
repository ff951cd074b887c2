package dev.eventbridge.it.kit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility kit every connect-out plugin passes, end to end: the real bridge (HTTP API,
 * engine, H2 store), the real plugin, an embedded Artemis over real sockets, and a plain client
 * application on the target. Subclasses say how to configure a target and how an application
 * reads and answers it.
 */
public abstract class ConnectOutPluginKit {

    @TempDir
    protected Path dir;
    protected EmbeddedBroker broker;
    protected Bridge bridge;
    protected BridgeClient client;

    /** The plugin's name: its configuration prefix and transport. */
    protected abstract String plugin();

    /** Options of one target (keys relative to {@code <plugin>.targets.<name>.}) sending to {@code destination}. */
    protected abstract Map<String, String> target(EmbeddedBroker broker, String destination, String replyDestination);

    /** A consumer application on {@code destination}; it must be ready before events are published. */
    protected abstract TargetConsumer consumer(EmbeddedBroker broker, String destination) throws Exception;

    /** A URL the plugin must refuse at start-up. */
    protected abstract String badUrl();

    /** Whether the broker hands the consumer the messages in the order the plugin sent them; true unless a subclass says why not. */
    protected boolean brokerKeepsOrder() {
        return true;
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        broker.close();
    }

    protected Properties bridgeConfig(String target, Map<String, String> options) {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        // every connect-out plugin declares reconnect.*: fast reconnects keep the broker-restart tests short
        Map<String, String> all = new java.util.HashMap<>(Map.of("reconnect.initial.delay", "100ms", "reconnect.max.delay", "1s"));
        all.putAll(options);
        all.forEach((k, v) -> p.setProperty(plugin() + ".targets." + target + "." + k, v));
        return p;
    }

    protected void startBridge(Properties config) throws Exception {
        bridge = Bridge.start(BridgeConfig.fromProperties(config, plugin() + "-kit.properties"));
        client = new BridgeClient(bridge.httpPort());
    }

    private static String destination(String base) {
        return base;
    }

    /**
     * Why the embedded broker cannot refuse one message of this plugin's protocol while keeping the
     * connection, or null when it can (a broker plugin throwing on send is then a refusal the sender sees).
     */
    protected String cannotRefuseOneMessage() {
        return null;
    }

    /** What the subscription option deadLetterDestination names for the destination {@code base}; {@code base} unless the plugin names destinations otherwise. */
    protected String deadLetterDestination(String base) {
        return base;
    }

    @Test
    @DisplayName("published events arrive on the target in order with the event mapped onto the message")
    void eventsArriveInOrderWithMappedProperties() throws Exception {
        String queue = destination("KIT.ORDER");
        try (TargetConsumer consumer = consumer(broker, queue)) {
            startBridge(bridgeConfig("orders", target(broker, queue, null)));
            String sub = client.subscribe("kit-orders", plugin(), 10);
            List<JsonNode> published = client.publish("order.created", "orders", 20);
            List<Received> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Received r = consumer.receive(Duration.ofSeconds(20));
                assertNotNull(r, "message " + i + " arrived");
                got.add(r);
            }
            if (!brokerKeepsOrder()) {
                got.sort(java.util.Comparator.comparingLong(Received::sequence));
            }
            for (int i = 0; i < 20; i++) {
                JsonNode e = published.get(i);
                Received r = got.get(i);
                assertEquals(e.get("sequence").asLong(), r.sequence(), brokerKeepsOrder() ? "in order" : "each event once");
                assertEquals(e.get("id").asText(), r.id());
                assertEquals("order.created", r.attributes().get("type"));
                assertEquals("orders", r.attributes().get("topic"));
                assertEquals("default", r.attributes().get("namespace"));
                assertEquals("1.0", r.attributes().get("specversion"));
                assertEquals("[{\"n\":" + i + "}]", r.body().replace(" ", ""));
            }
            long last = published.get(19).get("sequence").asLong();
            await("offset committed to the last event").until(() -> client.committed(sub) == last);
        }
    }

    @Test
    @DisplayName("the offset commits only after the broker acknowledged: with the broker down it stays, once it is back it reaches the end")
    void offsetWaitsForBrokerAck() throws Exception {
        String queue = destination("KIT.ACK");
        consumer(broker, queue).close(); // an application has been consuming: its queue or durable subscription exists
        startBridge(bridgeConfig("acks", target(broker, queue, null)));
        String sub = client.subscribe("kit-acks", plugin(), 5);
        client.publish("order.created", "orders", 5);
        await("first five acked").until(() -> client.committed(sub) == 5);
        broker.stop();
        client.publish("order.created", "orders", 5);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> client.committed(sub) == 5);
        broker.start();
        await("the bridge reconnects by itself and delivers the rest").atMost(Duration.ofSeconds(60)).until(() -> client.committed(sub) == 10);
        try (TargetConsumer consumer = consumer(broker, queue)) {
            Set<Long> seen = new TreeSet<>();
            Received r;
            while ((r = consumer.receive(Duration.ofSeconds(3))) != null) {
                seen.add(r.sequence());
            }
            assertEquals(new TreeSet<>(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)), seen, "every event reached the queue at least once");
        }
    }

    @Test
    @DisplayName("a reply sent by a plain consumer application comes back as an event whose cid is the answered event's id")
    void replyBecomesEventWithCid() throws Exception {
        String queue = destination("KIT.REQ");
        String replies = destination("KIT.REPLY");
        try (TargetConsumer consumer = consumer(broker, queue)) {
            startBridge(bridgeConfig("req", target(broker, queue, replies)));
            client.subscribe("kit-req", plugin(), 0);
            JsonNode sent = client.publish("quote.requested", "quotes", 1).get(0);
            Received r = consumer.receive(Duration.ofSeconds(20));
            assertNotNull(r);
            consumer.reply(r, "{\"price\":42}");
            await("the reply is in the log").atMost(Duration.ofSeconds(20)).until(() -> client.events(sent.get("sequence").asLong()).stream()
                    .anyMatch(e -> sent.get("id").asText().equals(e.get("cid").asText())));
            JsonNode reply = client.events(sent.get("sequence").asLong()).stream()
                    .filter(e -> sent.get("id").asText().equals(e.get("cid").asText())).findFirst().orElseThrow();
            assertEquals("{\"price\":42}", reply.get("data").get(0).toString());
        }
    }

    /** A W3C traceparent a publisher's HTTP client sends as a header. */
    private static final String HEADER_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    /** A W3C traceparent and tracestate a publisher sends in the event (the CloudEvents distributed-tracing extension). */
    private static final String BODY_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String BODY_TRACESTATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

    @Test
    @DisplayName("trace context: a publish's traceparent header, or an event's traceparent/tracestate members, reach the consumer as the message's CloudEvents traceparent/tracestate attributes and read back from GET /api/events")
    void traceContextReachesTheConsumer() throws Exception {
        String queue = destination("KIT.TRACE");
        try (TargetConsumer consumer = consumer(broker, queue)) {
            startBridge(bridgeConfig("trace", target(broker, queue, null)));
            client.subscribe("kit-trace", plugin(), 0);
            JsonNode byHeader = client.call("POST", "/api/events", "{\"type\":\"order.traced\",\"topic\":\"orders\"}", 201,
                    Map.of("traceparent", HEADER_TRACEPARENT));
            JsonNode byBody = client.call("POST", "/api/events", "{\"type\":\"order.traced\",\"topic\":\"orders\",\"traceparent\":\""
                    + BODY_TRACEPARENT + "\",\"tracestate\":\"" + BODY_TRACESTATE + "\"}", 201, Map.of("traceparent", HEADER_TRACEPARENT));
            JsonNode untraced = client.publish("order.plain", "orders", 1).get(0);
            Map<String, Received> got = new java.util.HashMap<>();
            for (int i = 0; i < 3; i++) {
                Received r = consumer.receive(Duration.ofSeconds(20));
                assertNotNull(r, "message " + i + " arrived");
                got.put(r.id(), r);
            }
            Received header = got.get(byHeader.get("id").asText());
            assertEquals(HEADER_TRACEPARENT, header.attributes().get("traceparent"), header.attributes().toString());
            assertEquals(null, header.attributes().get("tracestate"), header.attributes().toString());
            Received body = got.get(byBody.get("id").asText());
            assertEquals(BODY_TRACEPARENT, body.attributes().get("traceparent"), "the event's own wins over the header: " + body.attributes());
            assertEquals(BODY_TRACESTATE, body.attributes().get("tracestate"), body.attributes().toString());
            Received plain = got.get(untraced.get("id").asText());
            assertEquals(null, plain.attributes().get("traceparent"), plain.attributes().toString());

            List<JsonNode> stored = client.events(0);
            assertEquals(HEADER_TRACEPARENT, stored.get(0).get("traceparent").asText(), stored.get(0).toString());
            assertTrue(!stored.get(0).has("tracestate"), stored.get(0).toString());
            assertEquals(BODY_TRACEPARENT, stored.get(1).get("traceparent").asText(), stored.get(1).toString());
            assertEquals(BODY_TRACESTATE, stored.get(1).get("tracestate").asText(), stored.get(1).toString());
            assertTrue(!stored.get(2).has("traceparent"), stored.get(2).toString());
        }
    }

    @Test
    @DisplayName("a reply keeps the trace of the event it answers: its traceparent/tracestate are the answered event's")
    void replyKeepsTheTrace() throws Exception {
        String queue = destination("KIT.TRACEREQ");
        String replies = destination("KIT.REPLY");
        try (TargetConsumer consumer = consumer(broker, queue)) {
            startBridge(bridgeConfig("tracereq", target(broker, queue, replies)));
            client.subscribe("kit-tracereq", plugin(), 0);
            JsonNode sent = client.call("POST", "/api/events", "{\"type\":\"quote.requested\",\"topic\":\"quotes\",\"tracestate\":\"ignored=1\"}",
                    201, Map.of("traceparent", BODY_TRACEPARENT, "tracestate", BODY_TRACESTATE));
            Received r = consumer.receive(Duration.ofSeconds(20));
            assertNotNull(r);
            assertEquals(BODY_TRACEPARENT, r.attributes().get("traceparent"), r.attributes().toString());
            assertEquals(BODY_TRACESTATE, r.attributes().get("tracestate"), "the header's tracestate goes with the header's traceparent");
            consumer.reply(r, "{\"price\":42}");
            await("the reply is in the log").atMost(Duration.ofSeconds(20)).until(() -> client.events(sent.get("sequence").asLong()).stream()
                    .anyMatch(e -> sent.get("id").asText().equals(e.get("cid").asText())));
            JsonNode reply = client.events(sent.get("sequence").asLong()).stream()
                    .filter(e -> sent.get("id").asText().equals(e.get("cid").asText())).findFirst().orElseThrow();
            assertEquals(BODY_TRACEPARENT, reply.get("traceparent").asText(), reply.toString());
            assertEquals(BODY_TRACESTATE, reply.get("tracestate").asText(), reply.toString());
        }
    }

    @Test
    @DisplayName("each data value reaches the broker byte for byte as published and reads back verbatim; ill-formed UTF-8 and lone surrogates get a 400 naming the field and store nothing")
    void dataArrivesByteForByte() throws Exception {
        String queue = destination("KIT.EXACT");
        try (TargetConsumer consumer = consumer(broker, queue)) {
            startBridge(bridgeConfig("exact", target(broker, queue, null)));
            client.subscribe("kit-exact", plugin(), 0);
            ExactData.check(client, consumer);
        }
    }

    @Test
    @DisplayName("a bad target URL fails start-up with a message naming the option")
    void badUrlFailsStartUp() {
        Map<String, String> options = new java.util.HashMap<>(target(broker, "KIT.BAD", null));
        options.put("url", badUrl());
        ConfigException e = assertThrows(ConfigException.class, () -> startBridge(bridgeConfig("broken", options)));
        assertTrue(e.getMessage().contains(plugin() + ".targets.broken.url"), e.getMessage());
    }

    @Test
    @DisplayName("an event the broker keeps refusing goes to the subscription's dead-letter destination on the same broker with its reason, attempts and original destination; while the broker refuses the dead letter too the offset stays before it, then passes it")
    void deadLetterGoesToTheBrokersDeadLetterDestination() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(cannotRefuseOneMessage() == null, this::cannotRefuseOneMessage);
        AtomicBoolean refuseDeadLetters = new AtomicBoolean(true);
        broker.close();
        broker = new EmbeddedBroker(dir.resolve("dlq-broker")).brokerPlugin(new ActiveMQServerMessagePlugin() {
            @Override
            public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                                   boolean noAutoCreateQueue) throws ActiveMQException {
                boolean toDeadLetters = message.getAddress().toUpperCase(java.util.Locale.ROOT).contains("DLQ");
                boolean poison = message.getPropertyNames().stream()
                        .anyMatch(n -> "order.poison".equals(String.valueOf(message.getObjectProperty(n))));
                if (poison && (!toDeadLetters || refuseDeadLetters.get())) {
                    throw new ActiveMQAddressFullException("refused: " + message.getAddress());
                }
            }
        }).start();
        String queue = destination("KIT.POISON");
        String deadLetters = destination("KIT.DLQ");
        try (TargetConsumer consumer = consumer(broker, queue); TargetConsumer dlq = consumer(broker, deadLetters)) {
            startBridge(bridgeConfig("poison", target(broker, queue, null)));
            String sub = client.call("POST", "/api/subscriptions", "{\"name\":\"kit-poison\",\"transport\":\"" + plugin()
                    + "\",\"options\":{\"firstEvent\":\"oldest\",\"readAhead\":3,\"retry\":{\"maxAttempts\":2,"
                    + "\"initialBackoff\":\"50ms\",\"maxBackoff\":\"300ms\"},\"plugin\":{\"deadLetterDestination\":\""
                    + deadLetterDestination(deadLetters) + "\"}}}", 201).get("id").asText();
            client.publish("order.created", "orders", 3);
            JsonNode poison = client.publish("order.poison", "orders", 1).get(0);
            client.publish("order.created", "orders", 3);

            Set<Long> delivered = new TreeSet<>();
            for (int i = 0; i < 6; i++) {
                Received r = consumer.receive(Duration.ofSeconds(20));
                assertNotNull(r, "event " + i + " of the six good ones arrived");
                delivered.add(r.sequence());
            }
            assertEquals(Set.of(1L, 2L, 3L, 5L, 6L, 7L), delivered, "the events after the poison one flow");
            await("the offset stays before the event while its dead letter is refused").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10)).until(() -> client.committed(sub) == 3);
            assertEquals(0, client.call("GET", "/api/subscriptions/" + sub + "/deadletters", null, 200).size(),
                    "not recorded before the broker accepted it");

            refuseDeadLetters.set(false);
            Received dead = dlq.receive(Duration.ofSeconds(30));
            assertNotNull(dead, "the dead letter reached " + deadLetters);
            await("the offset passes it once the broker accepted it").atMost(Duration.ofSeconds(20)).until(() -> client.committed(sub) == 7);
            assertEquals(poison.get("id").asText(), dead.id());
            assertEquals("order.poison", dead.attributes().get("type"));
            assertEquals("[{\"n\":0}]", dead.body().replace(" ", ""), "the same mapping, data included");
            assertEquals("2", dead.attributes().get("deadletterattempts"), dead.attributes().toString());
            assertTrue(dead.attributes().get("deadletterreason").contains("refused"), dead.attributes().toString());
            assertTrue(dead.attributes().get("deadletterdestination").toUpperCase(java.util.Locale.ROOT).contains("KIT")
                    && dead.attributes().get("deadletterdestination").toUpperCase(java.util.Locale.ROOT).contains("POISON"),
                    dead.attributes().toString());
            assertEquals("kit-poison", dead.attributes().get("subscription"));
            JsonNode recorded = client.call("GET", "/api/subscriptions/" + sub + "/deadletters", null, 200);
            assertEquals(1, recorded.size(), recorded.toString());
            assertEquals(4, recorded.get(0).get("sequence").asLong(), recorded.toString());
            assertEquals(null, dlq.receive(Duration.ofSeconds(1)), "one dead letter");
        }
    }

    @Test
    @DisplayName("a declared subscription with batch=true sends transacted batches in order and offsets commit; a batch the broker refuses part of (its address full, policy FAIL) stores none of it and the offset stays before it; as the consumer makes room every event arrives once, in order")
    void batchesAreAllOrNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("mqtt".equals(plugin()), "MQTT has no transactions: batch=true delivers one by one");
        String queue = destination("KIT.BATCH");
        broker.close();
        // at most 8 messages, counting those of open transactions: with 5 stored, a batch of 5 gets 3 in, then the 4th is refused
        broker = new EmbeddedBroker(dir.resolve("batch-broker")).addressSetting(queue, new AddressSettings()
                .setMaxSizeMessages(8).setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL)).start();
        try (TargetConsumer consumer = consumer(broker, queue)) {
            Properties config = bridgeConfig("batch", target(broker, queue, null));
            String s = "bridge.subscriptions.kit-batch.";
            config.setProperty(s + "transport", plugin());
            config.setProperty(s + "read.ahead", "4"); // one batch in flight: strict order through a failed batch
            config.setProperty(s + "batch", "true");
            config.setProperty(s + "batch.size", "5");
            config.setProperty(s + "retry.initial.backoff", "50ms");
            config.setProperty(s + "retry.max.backoff", "200ms");
            startBridge(config);
            String sub = null;
            for (JsonNode n : client.call("GET", "/api/subscriptions", null, 200)) {
                sub = "kit-batch".equals(n.get("name").asText()) ? n.get("id").asText() : sub;
            }
            assertNotNull(sub, "the declared subscription exists");
            String id = sub;
            client.publish("order.created", "orders", 5);
            await("the first batch committed").atMost(Duration.ofSeconds(20)).until(() -> client.committed(id) == 5);
            client.publish("order.created", "orders", 10);
            await("the subscription keeps retrying the refused batch").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10)).until(() -> client.committed(id) == 5);
            assertEquals(5, broker.messageCount(queue), "nothing of a refused batch is stored");

            List<Long> received = new ArrayList<>();
            for (Received r; received.size() < 15 && (r = consumer.receive(Duration.ofSeconds(20))) != null; ) {
                received.add(r.sequence()); // each message read makes room for the retried batches
            }
            await("every event committed").atMost(Duration.ofSeconds(30)).until(() -> client.committed(id) == 15);
            List<Long> all = new ArrayList<>();
            for (long i = 1; i <= 15; i++) {
                all.add(i);
            }
            assertEquals(all, received, "every event once, in order");
            assertEquals(null, consumer.receive(Duration.ofMillis(500)), "no duplicate");
        }
    }
}
