package dev.eventbridge.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.subscription.SubscriptionRef;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {

    @Test
    @DisplayName("a subscription's lag is head - committed, its status counts what the dispatcher reported, and forgetting it removes its meters")
    void subscriptionMeters() {
        try (BridgeMetrics metrics = BridgeMetrics.bridgeOnly()) {
            AtomicLong head = new AtomicLong(10);
            SubscriptionRef ref = new SubscriptionRef(UUID.randomUUID(), "shop", "orders");
            SubscriptionMeters m = metrics.subscription(ref, () -> 4, head::get);
            assertEquals(6, metrics.registry().get("eventbridge.subscription.lag").tag("subscription", "orders").gauge().value());
            m.delivered(false);
            m.delivered(true);
            m.acked(System.nanoTime() - 1_000_000, Instant.now().minusMillis(5));
            m.rejected("refused");
            m.committed(9);
            head.set(12);
            SubscriptionStatus s = m.status();
            assertEquals(3, s.lag());
            assertEquals(2, s.deliveries());
            assertEquals(1, s.acks());
            assertEquals(1, s.rejects());
            assertEquals("refused", s.lastError());
            assertEquals(1, metrics.registry().get("eventbridge.subscription.redeliveries").counter().count());
            assertEquals(1, metrics.registry().get("eventbridge.subscription.ack").timer().count());
            metrics.forget(ref.id());
            assertNull(metrics.registry().find("eventbridge.subscription.lag").tag("subscription", "orders").gauge());
            assertTrue(metrics.subscription(ref.id()).isEmpty());
        }
    }

    @Test
    @DisplayName("a connection counts reconnects after its first connect only")
    void reconnects() {
        try (BridgeMetrics metrics = BridgeMetrics.bridgeOnly()) {
            var c = metrics.connection("jms", "jms.t", () -> true);
            c.connected();
            assertEquals(0, metrics.registry().get("eventbridge.connection.reconnects").counter().count());
            c.connected();
            c.connected();
            assertEquals(2, metrics.registry().get("eventbridge.connection.reconnects").counter().count());
            assertEquals(1, metrics.registry().get("eventbridge.connection.up").gauge().value());
        }
    }

    @Test
    @DisplayName("HTTP paths become bounded route templates")
    void routeTemplates() {
        assertEquals("/api/events", HttpMeters.route("/api/events"));
        assertEquals("/api/events/{id}", HttpMeters.route("/api/events/abc"));
        assertEquals("/api/subscriptions/{id}/offset", HttpMeters.route("/api/subscriptions/x/offset/"));
        assertEquals("/metrics", HttpMeters.route("/metrics"));
        assertEquals("unmatched", HttpMeters.route("/api/subscriptions/x/y/z"));
        assertEquals("unmatched", HttpMeters.route("/wp-login.php"));
    }

    @Test
    @DisplayName("the scrape is Prometheus text by default and OpenMetrics when asked")
    void negotiation() {
        try (BridgeMetrics metrics = BridgeMetrics.bridgeOnly()) {
            metrics.log(() -> 3).appended("shop", 2);
            BridgeMetrics.Scrape text = metrics.scrape(null).orElseThrow();
            assertTrue(text.contentType().startsWith("text/plain"), text.contentType());
            BridgeMetrics.Scrape om = metrics.scrape("application/openmetrics-text; version=1.0.0").orElseThrow();
            assertTrue(om.contentType().startsWith("application/openmetrics-text"), om.contentType());
            assertNotNull(metrics.registry().get("eventbridge.log.events.appended").tag("namespace", "shop").counter());
        }
    }
}
