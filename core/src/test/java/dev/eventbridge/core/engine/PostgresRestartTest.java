package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.dispatch.DispatchSettings;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;
import dev.eventbridge.core.testplugin.TestPlugin.Delivered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two instances through a PostgreSQL restart. */
class PostgresRestartTest {

    @Test
    @DisplayName("after PostgreSQL restarts, both instances publish again, one delivers everything, and cross-instance wake-ups work again")
    void survivesARestart() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOwn()) {
            TestDatabase db = server.createDatabase();
            String[] where = {db.url(), db.username(), db.password()};
            DispatchSettings settings = new DispatchSettings(50, Duration.ofSeconds(30), Duration.ofSeconds(3));
            EngineFixture a = new EngineFixture(where, new Properties(), settings);
            EngineFixture b = new EngineFixture(where, new Properties(), settings);
            try {
                a.plugin.autoAck = true;
                b.plugin.autoAck = true;
                a.callbacks.registerConnection("a1", SubscriptionMatcher.all());
                b.callbacks.registerConnection("b1", SubscriptionMatcher.all());
                Subscription s = a.subscribe("orders", 5, FirstEvent.OLDEST);
                a.publish(10);
                await().until(() -> a.committed(s) == 10);
                server.restart();
                for (EngineFixture f : List.of(a, b)) {
                    await("publishing works again").atMost(Duration.ofSeconds(30)).until(() -> {
                        try {
                            f.publish(5);
                            return true;
                        } catch (RuntimeException e) {
                            return false;
                        }
                    });
                }
                await("listening again").atMost(Duration.ofSeconds(15)).until(() -> a.store.hearingChanges() && b.store.hearingChanges());
                await("everything delivered and committed").atMost(Duration.ofSeconds(30)).until(() -> a.committed(s) == 20);
                List<Delivered> all = new ArrayList<>(a.plugin.deliveries);
                all.addAll(b.plugin.deliveries);
                TreeSet<Long> expected = LongStream.rangeClosed(1, 20).boxed().collect(Collectors.toCollection(TreeSet::new));
                TreeSet<Long> seen = all.stream().map(Delivered::sequence).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(expected, seen, "nothing lost");
                int before = all.size();
                await().until(() -> a.engine.activeConnection(s.ref().id()).isPresent() || b.engine.activeConnection(s.ref().id()).isPresent());
                EngineFixture publisher = a.engine.activeConnection(s.ref().id()).isPresent() ? b : a;
                EngineFixture deliverer = publisher == a ? b : a;
                publisher.publish(1);
                await("a wake-up across instances, not the 30 s idle recheck").atMost(Duration.ofSeconds(2))
                        .until(() -> a.plugin.deliveries.size() + b.plugin.deliveries.size() == before + 1);
                assertEquals(21L, deliverer.plugin.deliveries.get(deliverer.plugin.deliveries.size() - 1).sequence());
            } finally {
                a.closeQuietly();
                b.closeQuietly();
            }
        }
    }
}
