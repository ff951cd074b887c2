package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.testplugin.TestPlugin.Delivered;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A permanent reject, through the real engine on H2 with the test plugin (SPEC guarantee 15). */
class PermanentRejectTest {

    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.inMemory();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Delivered delivered(long sequence) {
        return f.plugin.deliveries.stream().filter(d -> d.sequence() == sequence).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    @DisplayName("a permanent reject is dead-lettered on its first attempt under retry-for-ever; the events after it in flight are neither rewound nor redelivered")
    void permanentRejectDeadLettersAtOnceWithReadAhead() throws Exception {
        Subscription s = f.subscribe("orders", 3, FirstEvent.OLDEST); // default retry policy: maxAttempts 0, for ever
        assertEquals(0, s.options().retry().maxAttempts());
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        List<Event> events = f.publish(6);
        await("window of readAhead + 1 filled").until(() -> f.plugin.deliveries.size() == 4);

        f.plugin.rejectPermanently(delivered(3), "destination invalid");
        await("dead-lettered at once").until(() -> !f.engine.deadLetters(s.ref().id(), 10).isEmpty());
        f.plugin.ack(delivered(1));
        await("the offset moves over the acked prefix").until(() -> f.committed(s) == 1);
        f.plugin.ack(delivered(4));
        assertEquals(1, f.committed(s), "not past 2, still in flight");
        f.plugin.ack(delivered(2));
        await("5 and 6 took the freed slots").until(() -> f.plugin.deliveries.size() == 6);
        f.plugin.ack(delivered(5));
        f.plugin.ack(delivered(6));
        await("the offset passes the dead letter and reaches the last event").until(() -> f.committed(s) == 6);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), f.plugin.sequences("orders"), "no rewind, no redelivery");
        var dead = f.engine.deadLetters(s.ref().id(), 10);
        assertEquals(1, dead.size());
        assertEquals(events.get(2).id(), dead.get(0).eventId());
        assertEquals(3, dead.get(0).sequence());
        assertEquals(1, dead.get(0).attempts());
        assertTrue(dead.get(0).reason().contains("permanent") && dead.get(0).reason().contains("destination invalid"),
                dead.get(0).reason());
    }

    @Test
    @DisplayName("a permanent reject after retriable ones counts every attempt; a retriable reject still rewinds")
    void permanentRejectAfterRetries() throws Exception {
        Subscription s = f.subscribe("orders", 0, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.publish(2);
        await("event 1").until(() -> f.plugin.deliveries.size() == 1);
        f.plugin.reject(delivered(1), "broker unavailable");
        await("event 1 again").until(() -> f.plugin.deliveries.size() == 2);
        f.plugin.autoAck = true;
        f.plugin.rejectPermanently(delivered(1), "message too large");
        await("event 2 delivered and committed").until(() -> f.committed(s) == 2);
        assertEquals(List.of(1L, 1L, 2L), f.plugin.sequences("orders"));
        var dead = f.engine.deadLetters(s.ref().id(), 10);
        assertEquals(1, dead.size());
        assertEquals(2, dead.get(0).attempts());
    }
}
