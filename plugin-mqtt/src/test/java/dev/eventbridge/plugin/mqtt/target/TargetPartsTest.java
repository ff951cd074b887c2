package dev.eventbridge.plugin.mqtt.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MQTT target parts")
class TargetPartsTest {

    private static EventDelivery delivery(long sequence) {
        Event e = new Event(UUID.randomUUID(), sequence, "shop", "t", "", null, null, Instant.now());
        return new EventDelivery(e, new SubscriptionRef(UUID.randomUUID(), "shop", "s"), 1);
    }

    @Test
    @DisplayName("backoff doubles from the initial delay up to the maximum and starts over after a reset")
    void backoff() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));
        assertEquals(List.of(100L, 200L, 350L, 350L), List.of(b.next().toMillis(), b.next().toMillis(),
                b.next().toMillis(), b.next().toMillis()));
        b.reset();
        assertEquals(100, b.next().toMillis());
    }

    @Test
    @DisplayName("the in-flight window refuses beyond its capacity, and each delivery is removed once")
    void window() {
        InFlightWindow w = new InFlightWindow(2);
        EventDelivery first = delivery(1);
        long a = w.tryAdd(first);
        long b = w.tryAdd(delivery(2));
        assertTrue(a >= 0 && b >= 0);
        assertEquals(-1, w.tryAdd(delivery(3)));
        assertEquals(first, w.remove(a));
        assertNull(w.remove(a), "answered once");
        assertTrue(w.tryAdd(delivery(4)) >= 0);
        assertEquals(2, w.drain().size());
        assertNull(w.remove(b), "drained deliveries are answered by the drain");
    }

    @Test
    @DisplayName("settings never show the password")
    void settingsHidePassword() {
        TargetSettings s = new TargetSettings("mqtt.orders", "tcp://localhost:1883", "eventbridge-orders", "bridge",
                "s3cret-pw", "bridge/orders", null, "reply", 1, ProtocolVersion.V5, false, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofDays(1), 10, Duration.ofMillis(500), Duration.ofSeconds(30),
                SubscriptionMatcher.all());
        assertFalse(s.toString().contains("s3cret-pw"), s.toString());
        assertFalse(s.describe().contains("s3cret-pw"));
        assertEquals("login with *** refused", s.redact("login with s3cret-pw refused"));
    }
}
