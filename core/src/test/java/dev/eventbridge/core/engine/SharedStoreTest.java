package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;
import dev.eventbridge.core.testplugin.TestPlugin.Delivered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two engines, each with its own connection pool, on one database: the store is what they share. On H2 and PostgreSQL. */
class SharedStoreTest {

    /** A new database: {url, user, password}. */
    static String[] database(String kind) {
        if (kind.equals("h2")) {
            return new String[] {"jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""};
        }
        TestDatabase db = EmbeddedPostgresServer.shared().createDatabase();
        return new String[] {db.url(), db.username(), db.password()};
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("two bridge instances on one store never deliver the same subscription at once, and one takes over when the other stops")
    void oneInstanceDeliversASubscription(String kind) throws Exception {
        String[] db = database(kind);
        Duration ttl = Duration.ofMillis(600);
        EngineFixture a = new EngineFixture(db, new Properties(), ttl);
        EngineFixture b = new EngineFixture(db, new Properties(), ttl);
        try {
            a.plugin.autoAck = true;
            b.plugin.autoAck = true;
            a.callbacks.registerConnection("a1", SubscriptionMatcher.all());
            b.callbacks.registerConnection("b1", SubscriptionMatcher.all());
            Subscription s = a.subscribe("orders", 10, FirstEvent.OLDEST);
            await("instance b sees the subscription a created").until(() -> b.engine.subscription(s.ref().id()).isPresent());
            a.publish(50);
            b.publish(50);
            await("all 100 committed").until(() -> a.committed(s) == 100);
            List<Delivered> all = new ArrayList<>(a.plugin.deliveries);
            all.addAll(b.plugin.deliveries);
            assertEquals(100, all.size(), "each event delivered exactly once across both instances");
            assertTrue(a.plugin.deliveries.isEmpty() || b.plugin.deliveries.isEmpty(), "only one instance delivered");
            EngineFixture holder = a.plugin.deliveries.isEmpty() ? b : a;
            EngineFixture other = holder == a ? b : a;
            holder.close();
            other.publish(20);
            await("the other instance takes over and delivers the rest").until(() -> other.committed(s) == 120);
            Set<Long> seen = new HashSet<>();
            a.plugin.deliveries.forEach(d -> seen.add(d.sequence()));
            b.plugin.deliveries.forEach(d -> seen.add(d.sequence()));
            assertEquals(LongStream.rangeClosed(1, 120).boxed().collect(Collectors.toSet()), seen);
        } finally {
            a.closeQuietly();
            b.closeQuietly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("an instance cut off from the store (every commit fails) stops its dispatcher within the TTL; the other takes over within the TTL")
    void takeoverWithinTheTtl(String kind) throws Exception {
        String[] db = database(kind);
        Duration ttl = Duration.ofSeconds(2);
        EngineFixture a = new EngineFixture(db, new Properties(), ttl);
        EngineFixture b = new EngineFixture(db, new Properties(), ttl);
        try {
            a.callbacks.registerConnection("a1", SubscriptionMatcher.all());
            Subscription s = a.subscribe("orders", 3, FirstEvent.OLDEST);
            await().until(() -> a.engine.activeConnection(s.ref().id()).isPresent());
            b.callbacks.registerConnection("b1", SubscriptionMatcher.all());
            await("b sees the subscription").until(() -> b.engine.subscription(s.ref().id()).isPresent());
            a.publish(4);
            await("a delivered up to its window").until(() -> a.plugin.deliveries.size() == 4);
            long cut = System.nanoTime();
            a.store.close(); // a's connection pool is gone: renewals and commits throw, as with a lost database
            a.plugin.deliveries.forEach(a.plugin::ack); // acked, but a cannot commit them
            await("a's dispatcher stops by itself within the TTL").atMost(ttl.plusMillis(500))
                    .until(() -> a.engine.activeConnection(s.ref().id()).isEmpty());
            await("b takes over within the TTL").atMost(ttl.plusMillis(500))
                    .until(() -> b.engine.activeConnection(s.ref().id()).isPresent());
            long tookMs = (System.nanoTime() - cut) / 1_000_000;
            assertTrue(tookMs <= ttl.toMillis() + 500, "takeover after " + tookMs + " ms");
            await("b redelivers from the committed offset").until(() -> b.plugin.deliveries.size() == 4);
            assertEquals(List.of(1L, 2L, 3L, 4L), b.plugin.deliveries.stream().map(Delivered::sequence).toList());
        } finally {
            a.closeQuietly();
            b.closeQuietly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @DisplayName("a holder stuck in a send past its lease (as a frozen JVM) finishes only that send on waking, starts no other, and commits nothing")
    void stuckHolderIsFenced(String kind) throws Exception {
        String[] db = database(kind);
        Duration ttl = Duration.ofSeconds(1);
        EngineFixture a = new EngineFixture(db, new Properties(), ttl);
        EngineFixture b = new EngineFixture(db, new Properties(), ttl);
        try {
            a.callbacks.registerConnection("a1", SubscriptionMatcher.all());
            Subscription s = a.subscribe("orders", 9, FirstEvent.OLDEST);
            await().until(() -> a.engine.activeConnection(s.ref().id()).isPresent());
            b.plugin.autoAck = true;
            b.callbacks.registerConnection("b1", SubscriptionMatcher.all());
            java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
            a.plugin.gate = gate;
            a.publish(5);
            await("b takes over from the stuck holder").atMost(ttl.multipliedBy(3))
                    .until(() -> b.engine.activeConnection(s.ref().id()).isPresent());
            await("b delivers and commits everything").until(() -> b.committed(s) == 5);
            gate.countDown(); // a wakes inside its first send
            await("a stops by itself").until(() -> a.engine.activeConnection(s.ref().id()).isEmpty());
            assertEquals(List.of(1L), a.plugin.deliveries.stream().map(Delivered::sequence).toList(),
                    "only the send a was inside when it stalled; none started after");
            a.plugin.ack(a.plugin.deliveries.get(0));
            b.publish(1);
            await().until(() -> b.committed(s) == 6);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), b.plugin.deliveries.stream().map(Delivered::sequence).toList());
        } finally {
            a.plugin.gate = null;
            a.closeQuietly();
            b.closeQuietly();
        }
    }
}
