package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.dispatch.DispatchSettings;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL, with an idle recheck (30 s) and a lease (20 s) far longer than
 * anything awaited here: what happens within a second happened through LISTEN/NOTIFY.
 */
class CrossInstanceWakeUpTest {

    private static final DispatchSettings SLOW_POLLING = new DispatchSettings(50, Duration.ofSeconds(30), Duration.ofSeconds(20));
    private static final Duration PROMPT = Duration.ofSeconds(1);

    TestDatabase db;
    EngineFixture publisher;
    EngineFixture deliverer;

    @BeforeEach
    void start() throws Exception {
        db = EmbeddedPostgresServer.shared().createDatabase();
        String[] where = {db.url(), db.username(), db.password()};
        publisher = new EngineFixture(where, new Properties(), SLOW_POLLING);
        deliverer = new EngineFixture(where, new Properties(), SLOW_POLLING);
        deliverer.plugin.autoAck = true;
        await().until(() -> publisher.store.hearingChanges() && deliverer.store.hearingChanges());
    }

    @AfterEach
    void stop() {
        publisher.closeQuietly();
        deliverer.closeQuietly();
    }

    private Subscription subscribedOnDeliverer() throws Exception {
        deliverer.callbacks.registerConnection("d1", SubscriptionMatcher.all());
        Subscription s = deliverer.subscribe("orders", 5, FirstEvent.OLDEST);
        await().until(() -> deliverer.engine.activeConnection(s.ref().id()).isPresent());
        return s;
    }

    @Test
    @DisplayName("an event published on one instance reaches a quiet subscription served by the other within a second, each time")
    void publishWakesTheOtherInstance() throws Exception {
        Subscription s = subscribedOnDeliverer();
        for (int i = 1; i <= 5; i++) {
            publisher.publish(1);
            int n = i;
            await("event " + i + " delivered by the other instance").atMost(PROMPT).until(() -> deliverer.plugin.deliveries.size() == n);
        }
        await().until(() -> deliverer.committed(s) == 5);
    }

    @Test
    @DisplayName("after its listening connection is cut, an instance listens again and is woken promptly")
    void listenerReconnects() throws Exception {
        subscribedOnDeliverer();
        db.terminateConnections();
        await("listening again").until(() -> deliverer.store.hearingChanges() && publisher.store.hearingChanges());
        await("a publish goes through once the pool has replaced its cut connections").until(() -> {
            try {
                publisher.publish(1);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        await("delivered without waiting for the idle recheck").atMost(Duration.ofSeconds(3)).until(() -> deliverer.plugin.deliveries.size() == 1);
    }

    @Test
    @DisplayName("a subscription created on one instance and a lease released there are seen by the other at once")
    void subscriptionsAndReleasesAreHeard() throws Exception {
        publisher.callbacks.registerConnection("p1", SubscriptionMatcher.all());
        Subscription s = publisher.subscribe("orders", 5, FirstEvent.OLDEST);
        await().until(() -> publisher.engine.activeConnection(s.ref().id()).isPresent());
        // the standby gets its connection only now, so the publisher holds the lease (else either may win it)
        deliverer.callbacks.registerConnection("d1", SubscriptionMatcher.all());
        await("the other instance knows the subscription").atMost(PROMPT).until(() -> deliverer.engine.subscription(s.ref().id()).isPresent());
        publisher.close(); // releases its lease
        await("the other instance takes over at once, not after the 20 s lease").atMost(PROMPT)
                .until(() -> deliverer.engine.activeConnection(s.ref().id()).isPresent());
        assertEquals(1, deliverer.engine.subscriptions().size());
    }
}
