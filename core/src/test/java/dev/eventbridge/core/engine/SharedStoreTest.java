package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.testplugin.TestPlugin.Delivered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two engines, each with its own connection pool, on one database: the store is what they share. */
class SharedStoreTest {

    @Test
    @DisplayName("two bridge instances on one store never deliver the same subscription at once, and one takes over when the other stops")
    void oneInstanceDeliversASubscription() throws Exception {
        String url = "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Duration ttl = Duration.ofMillis(600);
        EngineFixture a = new EngineFixture(url, new Properties(), ttl);
        EngineFixture b = new EngineFixture(url, new Properties(), ttl);
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
            assertEquals(LongStream.rangeClosed(1, 120).boxed().collect(java.util.stream.Collectors.toSet()), seen);
        } finally {
            a.closeQuietly();
            b.closeQuietly();
        }
    }
}
