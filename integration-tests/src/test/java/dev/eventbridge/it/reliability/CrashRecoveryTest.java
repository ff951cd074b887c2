package dev.eventbridge.it.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.BridgeProcess;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge process is killed with SIGKILL while it streams 100,000 events to a queue through
 * plugin-amqp, then restarted on the same data directory: every event reaches the queue at least
 * once, and no more than readAhead+1 of them twice.
 */
class CrashRecoveryTest {

    private static final int EVENTS = 100_000;
    private static final int READ_AHEAD = 100;
    private static final String QUEUE = "CRASH.ORDERS";

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private BridgeProcess bridge;

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        p.setProperty("amqp.targets.crash.url", broker.amqpUrl());
        p.setProperty("amqp.targets.crash.queue", QUEUE);
        p.setProperty("amqp.targets.crash.reconnect.initial.delay", "100ms");
        p.setProperty("bridge.subscriptions.crash.transport", "amqp");
        p.setProperty("bridge.subscriptions.crash.read.ahead", String.valueOf(READ_AHEAD));
        return p;
    }

    @Test
    @DisplayName("SIGKILL mid-stream, restart on the same data directory: every event arrives at least once, at most readAhead+1 twice")
    void killedBridgeLosesNothing() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
        bridge = BridgeProcess.start(dir.resolve("run1"), config(), "-Xmx512m");
        BridgeClient client = new BridgeClient(bridge.port());
        String sub = client.call("GET", "/api/subscriptions", null, 200).get(0).get("id").asText();

        long last = 0;
        for (int published = 0; published < EVENTS; published += 5000) {
            List<JsonNode> batch = client.publish("order.created", "orders", 5000);
            last = batch.get(batch.size() - 1).get("sequence").asLong();
        }
        assertEquals(EVENTS, last, "the log holds every event");
        long target = last / 5;
        await("streaming under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                .until(() -> client.committed(sub) >= target);
        long beforeKill = client.committed(sub);
        bridge.kill();
        bridge = null;
        assertTrue(beforeKill < EVENTS, "killed mid-stream, at offset " + beforeKill);

        bridge = BridgeProcess.start(dir.resolve("run2"), config(), "-Xmx512m");
        BridgeClient restarted = new BridgeClient(bridge.port());
        long end = last;
        await("the restarted bridge delivers the rest").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200))
                .until(() -> restarted.committed(sub) == end);

        java.util.regex.Matcher resumed = java.util.regex.Pattern.compile("subscription default:crash on connection amqp.crash from offset (\\d+)")
                .matcher(bridge.log());
        assertTrue(resumed.find(), bridge.log());
        long resumedAt = Long.parseLong(resumed.group(1));
        assertTrue(resumedAt >= beforeKill && resumedAt < EVENTS, "resumed from the committed offset " + resumedAt);

        int[] seen = new int[EVENTS + 1];
        int duplicates = 0;
        try (Connection c = new ActiveMQConnectionFactory(broker.coreUrl()).createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            Message m;
            while ((m = consumer.receive(3000)) != null) {
                int sequence = (int) m.getLongProperty("cloudEvents_sequence");
                if (seen[sequence]++ > 0) {
                    duplicates++;
                }
            }
        }
        for (int s = 1; s <= EVENTS; s++) {
            assertTrue(seen[s] > 0, "event " + s + " reached the queue");
        }
        assertTrue(duplicates <= READ_AHEAD + 1, duplicates + " duplicates, at most readAhead+1 = " + (READ_AHEAD + 1));
    }
}
