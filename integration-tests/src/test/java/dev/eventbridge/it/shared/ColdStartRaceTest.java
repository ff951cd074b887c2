package dev.eventbridge.it.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.BridgeCluster;
import dev.eventbridge.it.support.BridgeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three bridge instances launched at the same moment on one configuration file (a subscription
 * declared in it) and an empty PostgreSQL database: each must create or find the schema and the
 * subscription while the others do the same, so all three come up (HTTP API, {@code /health} 200)
 * within a bound and the database ends with the declared subscription exactly once. The race is
 * run a few rounds, each on a fresh database.
 */
class ColdStartRaceTest {

    private static final int ROUNDS = 3;
    private static final int INSTANCES = 3;
    /** Three JVMs starting on two shared cores take about 5 s; a failed start exits at once. */
    private static final Duration START_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private EmbeddedBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    @DisplayName("three instances started at once on an empty database all come up, with the declared subscription once")
    void allStartOnAnEmptyDatabase() throws Exception {
        List<Long> startMillis = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            try (BridgeCluster cluster = new BridgeCluster(dir.resolve("round-" + round), broker, "SHARED.COLD")) {
                long t0 = System.nanoTime();
                List<BridgeProcess> bridges;
                try {
                    bridges = cluster.startAllOnOneFile(INSTANCES, START_BOUND);
                } catch (Throwable e) {
                    throw new AssertionError("round " + round + ": an instance did not start, or not within " + START_BOUND.toSeconds() + " s", e);
                }
                startMillis.add((System.nanoTime() - t0) / 1_000_000);
                for (BridgeProcess b : bridges) {
                    JsonNode health = new BridgeClient(b.port()).health();
                    assertTrue(health.has("status"), "round " + round + ": /health answers " + health);
                }
                int declared = 0;
                for (JsonNode s : new BridgeClient(bridges.get(0).port()).call("GET", "/api/subscriptions", null, 200)) {
                    declared += s.get("name").asText().equals(BridgeCluster.SUBSCRIPTION) ? 1 : 0;
                }
                assertEquals(1, declared, "round " + round + ": the declared subscription exists once");
            }
        }
        System.out.println("ColdStartRaceTest: " + INSTANCES + " instances up after " + startMillis + " ms");
    }
}
