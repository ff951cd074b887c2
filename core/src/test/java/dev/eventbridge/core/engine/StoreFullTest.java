package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreHealth;
import dev.eventbridge.core.store.StoreDownException;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.store.jdbc.QuotaFilePath;
import dev.eventbridge.core.testplugin.TestPlugin.Delivered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge on an H2 file whose disk fills up, and later has room again (issue 11, item 5). */
class StoreFullTest {

    @AfterEach
    void room() {
        QuotaFilePath.releaseWrites();
        QuotaFilePath.setFree(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("disk full: publishes fail with a store error, health is down with the reason, reads and the dispatcher go on; "
            + "with room again publishing resumes without a restart and nothing acknowledged is lost")
    void fillsUpAndRecovers(@TempDir Path dir) throws Exception {
        QuotaFilePath.register();
        try (EngineFixture f = new EngineFixture("jdbc:h2:" + QuotaFilePath.SCHEME + ":" + dir.resolve("db") + ";WRITE_DELAY=0")) {
            f.plugin.autoAck = true;
            f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
            Subscription s = f.subscribe("orders", 3, FirstEvent.OLDEST);
            List<Event> acked = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acked.addAll(f.publish(1));
            }
            await("delivered and committed").until(() -> f.committed(s) == 20);
            f.plugin.autoAck = false;
            acked.addAll(f.publish(3));
            await("three more in flight").until(() -> f.plugin.deliveries.size() == 23);
            assertEquals(StoreHealth.OK, f.engine.storeHealth());

            QuotaFilePath.setFree(0);
            long refusedBefore = QuotaFilePath.refusedWrites();
            StoreException failure = null;
            for (int i = 0; i < 100 && failure == null; i++) { // a write that fits the file's free pages may still succeed
                try {
                    acked.addAll(f.publish(1));
                } catch (StoreException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null, "a publish failed once the disk was full");
            StoreHealth down = f.engine.storeHealth();
            assertFalse(down.up());
            assertTrue(down.detail().startsWith("writes failing since ") && down.detail().endsWith(": No space left on device"), down.detail());
            assertInstanceOf(StoreDownException.class, assertThrows(StoreException.class, () -> f.publish(1)),
                    "while down, a publish fails at once");
            List.copyOf(f.plugin.deliveries).stream().skip(20).forEach(f.plugin::ack); // acknowledged now, committed once the store is back

            // reads go on while the probe's writes keep failing (each closes H2's database, which reopens for the next read)
            await("reads work through two failed probes").during(Duration.ofMillis(2_200)).atMost(Duration.ofSeconds(6))
                    .until(() -> readsWork(f, s, acked));
            assertTrue(QuotaFilePath.refusedWrites() >= refusedBefore + 3, "the probe tried writes meanwhile");
            assertFalse(f.engine.storeHealth().up());
            assertEquals(20, f.committed(s), "the acks of 21 to 23 wait to be committed");

            f.plugin.autoAck = true;
            QuotaFilePath.setFree(Long.MAX_VALUE);
            await("health up by the probe, with nobody publishing").atMost(Duration.ofSeconds(5)).until(() -> f.engine.storeHealth().up());
            for (int i = 0; i < 10; i++) {
                acked.addAll(f.publish(1));
            }
            long last = acked.get(acked.size() - 1).sequence();
            Map<UUID, Long> stored = f.store.readAfter(0, 1000, true).stream()
                    .collect(Collectors.toMap(e -> e.event().id(), StoredEvent::sequence));
            for (Event e : acked) {
                assertEquals(e.sequence(), stored.get(e.id()), "acknowledged event " + e.id() + " kept at its sequence");
            }
            assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), stored.values().stream().sorted().toList(), "gap-free");
            await("the dispatcher delivered and committed everything").atMost(Duration.ofSeconds(10)).until(() -> f.committed(s) == last);
            TreeSet<Long> seen = f.plugin.deliveries.stream().map(Delivered::sequence).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(LongStream.rangeClosed(1, last).boxed().collect(Collectors.toCollection(TreeSet::new)), seen);
        }
    }

    private static boolean readsWork(EngineFixture f, Subscription s, List<Event> acked) {
        Map<UUID, Long> stored = f.store.readAfter(0, 1000, false).stream()
                .collect(Collectors.toMap(e -> e.event().id(), StoredEvent::sequence));
        Map<UUID, Long> expected = acked.stream().collect(Collectors.toMap(Event::id, Event::sequence));
        Function<UUID, Boolean> one = id -> f.store.event(id).isPresent();
        return stored.entrySet().containsAll(expected.entrySet())
                && one.apply(acked.get(acked.size() - 1).id())
                && f.store.subscriptions().stream().anyMatch(x -> x.ref().id().equals(s.ref().id()))
                && f.engine.committedOffset(s.ref().id()).orElseThrow() >= 20;
    }
}
