package dev.eventbridge.it.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.Queues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.activemq.artemis.api.core.ActiveMQNonExistentQueueException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker-side faults on a real embedded Artemis: absent at start, full queues, a broker that keeps refusing. */
class BrokerFaultsTest {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private Bridge bridge;
    private BridgeClient client;

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Properties config(String plugin, String queue, int readAhead) {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        if (plugin.equals("jms")) {
            p.setProperty("jms.targets.t.connection.factory", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory");
            p.setProperty("jms.targets.t.url", broker.coreUrl());
        } else {
            p.setProperty(plugin + ".targets.t.url", plugin.equals("mqtt") ? broker.mqttUrl() : broker.amqpUrl());
        }
        p.setProperty(plugin + ".targets.t." + (plugin.equals("mqtt") ? "topic" : "queue"), queue);
        p.setProperty(plugin + ".targets.t.reconnect.initial.delay", "100ms");
        p.setProperty(plugin + ".targets.t.reconnect.max.delay", "500ms");
        p.setProperty("bridge.subscriptions.s.transport", plugin);
        p.setProperty("bridge.subscriptions.s.read.ahead", String.valueOf(readAhead));
        return p;
    }

    private String start(Properties config) throws Exception {
        bridge = Bridge.start(BridgeConfig.fromProperties(config, "faults.properties"));
        client = new BridgeClient(bridge.httpPort());
        return client.call("GET", "/api/subscriptions", null, 200).get(0).get("id").asText();
    }

    private static TreeSet<Long> range(long from, long to) {
        TreeSet<Long> out = new TreeSet<>();
        LongStream.rangeClosed(from, to).forEach(out::add);
        return out;
    }

    @Test
    @DisplayName("broker unreachable at start: the bridge starts, /health says DEGRADED, and everything is delivered once the broker appears")
    void brokerUnreachableAtStart() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker"));
        String sub = start(config("amqp", "LATE.ORDERS", 10));
        JsonNode health = client.health();
        assertEquals("DEGRADED", health.get("status").asText(), health.toString());
        assertFalse(health.get("plugins").get("amqp").get("amqp.t").get("up").asBoolean(), health.toString());
        client.publish("order.created", "orders", 50);
        assertEquals(0, client.committed(sub));

        broker.start();
        await("the bridge connects by itself and delivers").atMost(Duration.ofSeconds(30)).until(() -> client.committed(sub) == 50);
        assertEquals("UP", client.health().get("status").asText());
        assertEquals(range(1, 50), new TreeSet<>(Queues.drain(broker.coreUrl(), "LATE.ORDERS", "cloudEvents_sequence", 2000)));
    }

    @Test
    @DisplayName("broker stopped and restarted on its journal mid-stream: nothing lost, the offset ends at the last event")
    void brokerRestartMidStream() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
        String sub = start(config("jms", "RESTART.ORDERS", 50));
        List<JsonNode> events = client.publish("order.created", "orders", 5000);
        await("streaming under way").pollInterval(Duration.ofMillis(2)).until(() -> client.committed(sub) >= 200);
        broker.stop();
        long atStop = client.committed(sub);
        broker.start();
        long last = events.get(events.size() - 1).get("sequence").asLong();
        await("delivered after the restart").atMost(Duration.ofSeconds(60)).until(() -> client.committed(sub) == last);
        assertTrue(atStop < last, "the broker stopped mid-stream (offset " + atStop + " of " + last + ")");
        assertEquals(range(1, last), new TreeSet<>(Queues.drain(broker.coreUrl(), "RESTART.ORDERS", "ce_sequence", 2000)));
    }

    @Test
    @DisplayName("full queue with policy BLOCK: the bridge waits (offset stalls, nothing dropped) and delivers everything once the queue drains")
    void fullQueueBlocks() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker"))
                .addressSetting("FULL.#", new AddressSettings().setMaxSizeBytes(16 * 1024)
                        .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK))
                .start();
        String sub = start(config("jms", "FULL.BLOCK", 20));
        client.publish("order.created", "orders", 300);
        AtomicLong lastSeen = new AtomicLong(-1);
        await("the queue fills up and the offset stalls").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    long now = client.committed(sub);
                    return lastSeen.getAndSet(now) == now;
                });
        long stalled = client.committed(sub);
        assertTrue(stalled < 300, "a 16 KiB queue cannot hold 300 events: offset " + stalled);
        JsonNode offset = client.call("GET", "/api/subscriptions/" + sub + "/offset", null, 200);
        assertTrue(offset.get("inFlight").asInt() <= 21, "in flight while blocked, at most readAhead+1: " + offset);

        TreeSet<Long> received = new TreeSet<>();
        await("a consumer drains the queue and the bridge delivers the rest").atMost(Duration.ofSeconds(60)).until(() -> {
            received.addAll(Queues.drain(broker.coreUrl(), "FULL.BLOCK", "ce_sequence", 500));
            return client.committed(sub) == 300 && received.size() == 300;
        });
        assertEquals(range(1, 300), received);
    }

    @Test
    @DisplayName("a broker that keeps refusing (full queue, policy FAIL): each event is retried with backoff, dead-lettered with the reason, and the subscription moves on")
    void refusedEventsAreDeadLettered() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker"))
                .addressSetting("FULL.#", new AddressSettings().setMaxSizeBytes(1)
                        .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL))
                .start();
        Properties config = config("jms", "FULL.FAIL", 0);
        config.setProperty("bridge.subscriptions.s.retry.max.attempts", "3");
        config.setProperty("bridge.subscriptions.s.retry.initial.backoff", "50ms");
        String sub = start(config);
        client.publish("order.created", "orders", 1); // fills the queue past its 1 byte: accepted
        await("the first event is in").until(() -> client.committed(sub) == 1);
        client.publish("order.created", "orders", 2);
        await("both refused events dead-lettered and passed").atMost(Duration.ofSeconds(30)).until(() -> client.committed(sub) == 3);
        JsonNode dead = client.call("GET", "/api/subscriptions/" + sub + "/deadletters", null, 200);
        assertEquals(2, dead.size(), dead.toString());
        for (JsonNode d : dead) {
            assertEquals(3, d.get("attempts").asInt(), d.toString());
            assertTrue(d.get("reason").asText().contains("FULL.FAIL\" is full"), d.toString());
        }
        assertEquals(List.of(2L, 3L), dead.findValues("sequence").stream().map(JsonNode::asLong).sorted().toList());
        assertEquals(1, broker.messageCount("FULL.FAIL"));
    }

    @Test
    @DisplayName("a permanent failure (the broker refuses the message as sent to an invalid destination) is dead-lettered on the first attempt under retry-for-ever, and the events after it reach the broker in order")
    void permanentFailureIsDeadLetteredAtOnce() throws Exception {
        // The broker refuses the one message of type order.invalid the way Artemis refuses a send to a
        // queue that does not exist (QUEUE_DOES_NOT_EXIST); its JMS client hands the CompletionListener
        // an InvalidDestinationException, which the JMS plugin maps to a permanent failure.
        broker = new EmbeddedBroker(dir.resolve("broker")).brokerPlugin(new ActiveMQServerMessagePlugin() {
            @Override
            public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                                   boolean noAutoCreateQueue) throws ActiveMQException {
                if ("order.invalid".equals(String.valueOf(message.getObjectProperty("ce_type")))) {
                    throw new ActiveMQNonExistentQueueException("address " + message.getAddress() + " refused for this message");
                }
            }
        }).start();
        Properties config = config("jms", "PERMANENT.ORDERS", 4); // retry.max.attempts left at its default, 0: for ever
        String sub = start(config);
        client.publish("order.created", "orders", 3);
        client.publish("order.invalid", "orders", 1);
        client.publish("order.created", "orders", 5);
        await("the offset reaches the last event").atMost(Duration.ofSeconds(30)).until(() -> client.committed(sub) == 9);
        JsonNode dead = client.call("GET", "/api/subscriptions/" + sub + "/deadletters", null, 200);
        assertEquals(1, dead.size(), dead.toString());
        assertEquals(4, dead.get(0).get("sequence").asLong(), dead.toString());
        assertEquals(1, dead.get(0).get("attempts").asInt(), dead.toString());
        String reason = dead.get(0).get("reason").asText();
        assertTrue(reason.contains("permanent") && reason.contains("refused for this message"), reason);
        assertEquals(List.of(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L), Queues.drain(broker.coreUrl(), "PERMANENT.ORDERS", "ce_sequence", 1000));
    }
}
