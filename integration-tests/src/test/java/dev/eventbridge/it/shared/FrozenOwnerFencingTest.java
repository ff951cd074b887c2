package dev.eventbridge.it.shared;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.BridgeCluster;
import dev.eventbridge.it.support.BridgeProcess;
import dev.eventbridge.it.support.PublishStream;
import dev.eventbridge.it.support.RoutedMessages;
import dev.eventbridge.it.support.RoutedMessages.Routed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantees 9 and 12 across instances: two bridges on one PostgreSQL deliver one subscription to one
 * queue while events stream in; the delivering instance is frozen (SIGSTOP) for the lease TTL plus
 * two seconds, the other takes over, then the frozen one is continued (SIGCONT). From the new
 * owner's first delivery on, the continued instance must start no send for the subscription. The
 * target's producer window is small, so deliveries wait in the plugin for the broker's credit when it
 * freezes (as under a slow broker): those too must not go out after the resume.
 *
 * <p>Who sent each message is read at the broker's route hook from {@code __AMQ_CID}, the Artemis
 * JMS client's connection id property, which each instance's target sets to its own name with
 * {@code factory.clientID} ({@link RoutedMessages}). When a send started is the message's JMS
 * timestamp, stamped by the JMS client in the sending JVM when the plugin calls {@code send}: a
 * message stamped at or after the SIGCONT was sent after the resume, whether the core or the
 * plugin's sender thread started it. One such message is allowed: the send under way when the JVM
 * froze, its lease check done before the freeze and its stamp after. A message stamped before the
 * freeze that leaves the frozen JVM's socket buffers only after the resume was sent while the lease
 * was held; nothing can recall it, so such messages are only bounded, by the window (readAhead+1).
 * Sequences beyond the window
 * the core had at the freeze (the prefix routed by then + readAhead + 1) tell a send the core
 * itself started after the resume.
 */
class FrozenOwnerFencingTest extends RoutedQueueScenario {

    private static final String QUEUE = "SHARED.FROZEN";
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final int READ_AHEAD = 100;

    FrozenOwnerFencingTest() {
        super(QUEUE);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("an owner frozen past its lease starts no send after the new owner's first delivery once continued")
    void frozenOwnerIsFenced() throws Exception {
        // a small producer window: the target's sender thread waits for the broker's credit, so deliveries queue in the plugin
        cluster = new BridgeCluster(dir, broker, QUEUE).leaseTtl(TTL).readAhead(READ_AHEAD)
                .set("jms.targets.shared.factory.producerWindowSize", "4096");
        BridgeProcess a = cluster.start("bridge-a");
        BridgeProcess b = cluster.start("bridge-b");
        new BridgeClient(a.port()).publish("order.created", "orders", 1);
        await("the first delivery").atMost(Duration.ofSeconds(20)).until(() -> routed.size() > 0);
        String ownerName = routed.get(0).clientId();
        assertTrue(ownerName.equals("bridge-a") || ownerName.equals("bridge-b"), "sent by a bridge: " + ownerName);
        BridgeProcess owner = ownerName.equals("bridge-a") ? a : b;
        BridgeProcess other = owner == a ? b : a;
        String otherName = owner == a ? "bridge-b" : "bridge-a";

        long last;
        int frozenIndex;
        long resumedAtMillis;
        try (PublishStream stream = new PublishStream(new BridgeClient(other.port()), 50)) {
            int streaming = routed.size();
            await("deliveries streaming from " + ownerName).atMost(Duration.ofSeconds(30))
                    .until(() -> routed.countFrom(ownerName, streaming) >= 1000);

            owner.signal("STOP");
            long frozenAt = System.nanoTime();
            frozenIndex = routed.size();
            Duration freeze = TTL.plusSeconds(2);
            int frozen = frozenIndex;
            await(otherName + " takes over while " + ownerName + " is frozen").atMost(freeze)
                    .until(() -> routed.indexOfFirstFrom(otherName, frozen) >= 0);
            await("the rest of the " + freeze.toMillis() + " ms freeze").atMost(freeze.plusSeconds(1))
                    .until(() -> System.nanoTime() - frozenAt >= freeze.toNanos());
            resumedAtMillis = System.currentTimeMillis();
            owner.signal("CONT");
            int resumed = routed.size();
            await(otherName + " delivers on after the resume").atMost(Duration.ofSeconds(30))
                    .until(() -> routed.countFrom(otherName, resumed) >= 500);
            last = stream.stop();
        }
        await("every published event on the queue").atMost(Duration.ofSeconds(60))
                .until(() -> routed.hasAllUpTo(last));
        assertEquals("UP", new BridgeClient(owner.port()).health().get("status").asText(), "the continued instance runs on");

        int takeover = routed.indexOfFirstFrom(otherName, frozenIndex);
        List<Routed> late = routed.since(takeover, r -> r.clientId().equals(ownerName));
        // what the owner committed before the freeze was routed before the takeover; it sent at most readAhead+1 beyond that
        long windowEnd = routed.contiguousPrefix(takeover) + READ_AHEAD + 1;
        System.out.printf("FrozenOwnerFencingTest: %d events; from %s after the takeover: %d messages%n", last, ownerName, late.size());
        List<Long> beyondWindow = late.stream().map(Routed::sequence).filter(q -> q > windowEnd).toList();
        assertEquals(List.of(), beyondWindow, ownerName + " (frozen past its lease, then continued) started sends after the resume, for"
                + " events beyond the window it had at the freeze (sequences up to " + windowEnd + "); its log:\n"
                + owner.logLines(10, "dispatcher", "lease"));
        List<Long> sentAfterResume = late.stream().filter(r -> r.sentAtMillis() >= resumedAtMillis).map(Routed::sequence).toList();
        assertTrue(sentAfterResume.size() <= 1, ownerName + " (frozen past its lease, then continued) sent " + sentAfterResume
                + " after " + otherName + " had taken over. They are within the window the core had in flight at the freeze (up to "
                + windowEnd + "), so the core handed them to the plugin before the freeze and the plugin's sender thread sent them"
                + " after the resume: the lease's deadline must reach the send itself. Its log:\n" + owner.logLines(10, "dispatcher", "lease"));
        assertTrue(late.size() <= READ_AHEAD + 1, late.size() + " sends started before the freeze reached the broker after "
                + otherName + " took over; at most the window, readAhead+1 = " + (READ_AHEAD + 1));
    }
}
