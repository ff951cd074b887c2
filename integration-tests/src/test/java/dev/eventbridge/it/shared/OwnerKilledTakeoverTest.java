package dev.eventbridge.it.shared;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.BridgeCluster;
import dev.eventbridge.it.support.BridgeProcess;
import dev.eventbridge.it.support.PublishStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantees 1, 8 and 9 across instances: two bridges on one PostgreSQL, events streaming in through
 * the one that does not deliver; the delivering instance is killed with SIGKILL. The other takes the
 * subscription over within the lease TTL plus one second (from the kill to its first message at the
 * broker), every event acknowledged to the publisher reaches the queue, and at most readAhead+1
 * reach it twice. Senders are told apart at the broker as in {@link FrozenOwnerFencingTest}.
 */
class OwnerKilledTakeoverTest extends RoutedQueueScenario {

    private static final String QUEUE = "SHARED.KILLED";
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration ALLOWANCE = Duration.ofSeconds(1);
    private static final int READ_AHEAD = 100;

    OwnerKilledTakeoverTest() {
        super(QUEUE);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("kill -9 of the owner: the other instance delivers within the lease TTL + 1 s, nothing lost, at most readAhead+1 twice")
    void survivorTakesOverWithinTheLease() throws Exception {
        cluster = new BridgeCluster(dir, broker, QUEUE).leaseTtl(TTL).readAhead(READ_AHEAD);
        BridgeProcess a = cluster.start("bridge-a");
        BridgeProcess b = cluster.start("bridge-b");
        new BridgeClient(a.port()).publish("order.created", "orders", 1);
        await("the first delivery").atMost(Duration.ofSeconds(20)).until(() -> routed.size() > 0);
        String ownerName = routed.get(0).clientId();
        BridgeProcess owner = ownerName.equals("bridge-a") ? a : b;
        BridgeProcess survivor = owner == a ? b : a;
        String survivorName = owner == a ? "bridge-b" : "bridge-a";

        long last;
        long takeoverMillis;
        try (PublishStream stream = new PublishStream(new BridgeClient(survivor.port()), 50)) {
            int streaming = routed.size();
            await("deliveries streaming from " + ownerName).atMost(Duration.ofSeconds(30))
                    .until(() -> routed.countFrom(ownerName, streaming) >= 1000);

            long killedAt = System.nanoTime();
            owner.kill();
            int killedIndex = routed.size();
            await(survivorName + "'s first delivery after the kill").atMost(TTL.plus(ALLOWANCE).plusSeconds(10))
                    .pollInterval(Duration.ofMillis(10)).until(() -> routed.indexOfFirstFrom(survivorName, killedIndex) >= 0);
            takeoverMillis = (routed.get(routed.indexOfFirstFrom(survivorName, killedIndex)).routedAtNanos() - killedAt) / 1_000_000;
            int takenOver = routed.size();
            await(survivorName + " delivers on").atMost(Duration.ofSeconds(30))
                    .until(() -> routed.countFrom(survivorName, takenOver) >= 500);
            last = stream.stop();
        }
        await("every published event on the queue").atMost(Duration.ofSeconds(60)).until(() -> routed.hasAllUpTo(last));
        System.out.printf("OwnerKilledTakeoverTest: takeover %d ms after the kill, %d events, %d duplicates%n", takeoverMillis, last,
                routed.duplicates());

        assertTrue(takeoverMillis <= TTL.plus(ALLOWANCE).toMillis(), survivorName + " took over " + takeoverMillis
                + " ms after the kill; the lease TTL is " + TTL.toMillis() + " ms (+ " + ALLOWANCE.toMillis() + " ms allowed); its log:\n"
                + survivor.logLines(4, "dispatcher", "lease"));
        assertEquals(routed.size(), broker.messageCount(QUEUE), "every routed message is on the queue");
        assertTrue(routed.duplicates() <= READ_AHEAD + 1, routed.duplicates() + " events reached the queue twice; at most readAhead+1 = "
                + (READ_AHEAD + 1));
    }
}
