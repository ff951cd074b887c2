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
 * plugin-amqp, then restarted on the same data directory, three times: every event reaches the
 * queue exactly once, the redeliveries of sends the broker had stored dropped by Artemis' duplicate
 * detection (each message's _AMQ_DUPL_ID is stable per subscription and event).
 */
class CrashRecoveryTest {

    private static final int EVENTS = 100_000;
    private static final int READ_AHEAD = 100;
    private static final String QUEUE = "CRASH.ORDERS";
    private static final int KILLS = 3;
    private static final java.util.regex.Pattern RESUMED =
            java.util.regex.Pattern.compile("subscription default:crash on connection amqp.crash from offset (\\d+)");

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
    @DisplayName("SIGKILL mid-stream three times, restart on the same data directory: every event on the Artemis queue exactly once")
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
        long previous = 0;
        for (int kill = 1; kill <= KILLS; kill++) { // SIGKILL at 20%, 40%, 60% of the stream
            long target = last * kill / (KILLS + 2);
            BridgeClient running = new BridgeClient(bridge.port());
            await("streaming under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> running.committed(sub) >= target);
            long beforeKill = running.committed(sub);
            bridge.kill();
            bridge = null;
            assertTrue(beforeKill < EVENTS && beforeKill >= previous, "killed mid-stream, at offset " + beforeKill);
            previous = beforeKill;

            bridge = BridgeProcess.start(dir.resolve("run" + (kill + 1)), config(), "-Xmx512m");
            BridgeClient restarted = new BridgeClient(bridge.port());
            await("the restarted bridge resumes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> RESUMED.matcher(bridge.log()).find());
            java.util.regex.Matcher resumed = RESUMED.matcher(bridge.log());
            assertTrue(resumed.find(), bridge.log());
            long resumedAt = Long.parseLong(resumed.group(1));
            assertTrue(resumedAt >= beforeKill && resumedAt < EVENTS, "resumed from the committed offset " + resumedAt);
            client = restarted;
        }
        BridgeClient finalClient = client;
        long end = last;
        try {
            await("the restarted bridge delivers the rest").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200))
                    .until(() -> finalClient.committed(sub) == end);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the restarted bridge stopped at offset " + finalClient.committed(sub) + " of " + end
                    + "; its log's warnings and dispatcher lines:\n" + bridge.logLines(40, "WARN", "ERROR", "Dispatcher"), e);
        }

        int[] seen = new int[EVENTS + 1];
        int duplicates = 0;
        long onQueue = broker.messageCount(QUEUE); // every send was confirmed before the offset reached the end
        try (Connection c = new ActiveMQConnectionFactory(broker.coreUrl()).createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            Message m;
            for (long received = 0; received < onQueue && (m = consumer.receive(10_000)) != null; received++) {
                int sequence = (int) m.getLongProperty("cloudEvents_sequence");
                if (seen[sequence]++ > 0) {
                    duplicates++;
                }
            }
        }
        for (int s = 1; s <= EVENTS; s++) {
            assertTrue(seen[s] > 0, "event " + s + " reached the queue");
        }
        // each kill may leave up to readAhead+1 sends the broker stored but the bridge never saw confirmed;
        // they are redelivered with the same _AMQ_DUPL_ID (duplicate.detection=auto: on for Artemis) and dropped
        assertEquals(0, duplicates, duplicates + " duplicates on Artemis (" + onQueue + " messages on the queue), over "
                + KILLS + " kills");
    }
}
