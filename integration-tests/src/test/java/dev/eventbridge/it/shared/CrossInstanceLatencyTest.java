package dev.eventbridge.it.shared;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.BridgeCluster;
import dev.eventbridge.it.support.BridgeProcess;
import dev.eventbridge.it.support.RoutedMessages;
import dev.eventbridge.it.support.RoutedMessages.Routed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantee 11 across instances: an event published on instance A is delivered at once by the
 * subscription's dispatcher on instance B, with no idle poll in between. Fifty single events are
 * published on A, one at a time with a pause between them so B's dispatcher is idle each time; the
 * latency is from A's 201 to the broker routing B's message (both clocks are this JVM's). The median
 * must stay under 100 ms and the worst under 500 ms (an idle poll of 1 s gives up to 1 s; the run
 * stops early once five events took 500 ms or more).
 * Which instance sent each message is read at the broker as in {@link FrozenOwnerFencingTest}.
 */
class CrossInstanceLatencyTest extends RoutedQueueScenario {

    private static final String QUEUE = "SHARED.LATENCY";
    private static final int EVENTS = 50;

    CrossInstanceLatencyTest() {
        super(QUEUE);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("an event published on one instance is delivered by another instance's dispatcher within milliseconds")
    void deliveredAtOnceAcrossInstances() throws Exception {
        cluster = new BridgeCluster(dir, broker, QUEUE).readAhead(0);
        BridgeProcess a = cluster.start("bridge-a");
        BridgeProcess b = cluster.start("bridge-b");
        new BridgeClient(a.port()).publish("order.created", "orders", 1);
        await("the first delivery").atMost(Duration.ofSeconds(20)).until(() -> routed.size() > 0);
        String ownerName = routed.get(0).clientId();
        BridgeClient publisher = new BridgeClient((ownerName.equals("bridge-a") ? b : a).port());

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            long pauseStart = System.nanoTime();
            long pause = 20 + (i * 37L) % 80; // a deliberate idle time, varied so it cannot keep step with a poll period
            await("a pause of " + pause + " ms").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> System.nanoTime() - pauseStart >= pause * 1_000_000);
            long sequence = publisher.publish("order.created", "orders", 1).get(0).get("sequence").asLong();
            long answered = System.nanoTime();
            await("event " + sequence + " at the broker").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                    .until(() -> routed.first(sequence) != null);
            Routed r = routed.first(sequence);
            assertEquals(ownerName, r.clientId(), "event " + sequence + " delivered by the subscription's owner");
            latencies.add(Math.max(0, r.routedAtNanos() - answered) / 1_000_000);
            if (latencies.stream().filter(l -> l >= 500).count() >= 5) {
                break;
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long max = sorted.get(sorted.size() - 1);
        System.out.printf("CrossInstanceLatencyTest: published on the other instance, delivered by %s: p50 %d ms, max %d ms%n",
                ownerName, p50, max);
        assertTrue(p50 < 100, "median latency from the 201 on the publishing instance to the broker: " + p50 + " ms; all: " + latencies);
        assertTrue(max < 500, "worst latency: " + max + " ms; all: " + latencies);
    }
}
