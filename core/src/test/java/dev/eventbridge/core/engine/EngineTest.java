package dev.eventbridge.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.Reply;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.RetryPolicy;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.testplugin.TestPlugin.Delivered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.inMemory();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private Delivered delivered(long sequence) {
        return f.plugin.deliveries.stream().filter(d -> d.sequence() == sequence).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    @DisplayName("out-of-order acks do not move the committed offset past a gap")
    void outOfOrderAcks() throws Exception {
        Subscription s = f.subscribe("orders", 2, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.publish(3);
        await("three deliveries in flight").until(() -> f.plugin.deliveries.size() == 3);
        f.plugin.ack(delivered(3));
        f.plugin.ack(delivered(2));
        await("both acks processed").until(() -> f.engine.inFlight(s.ref().id()) == 3);
        assertEquals(0, f.committed(s));
        f.plugin.ack(delivered(1));
        await("offset reaches 3 once 1 is acked").until(() -> f.committed(s) == 3);
    }

    @Test
    @DisplayName("a reject redelivers everything after the committed offset, in order")
    void rejectRewinds() throws Exception {
        Subscription s = f.subscribe("orders", 4, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.publish(6);
        await("five in flight").until(() -> f.plugin.deliveries.size() == 5);
        f.plugin.ack(delivered(1));
        f.plugin.ack(delivered(3));
        await("offset 1").until(() -> f.committed(s) == 1);
        f.plugin.reject(delivered(2), "broker said no");
        // the ack of 1 let 6 into the window before the reject
        await("redelivery from 2 to 6").until(() -> f.plugin.deliveries.size() == 11);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 2L, 3L, 4L, 5L, 6L), f.plugin.sequences("orders"));
        assertEquals(2, delivered(2).delivery().attempt());
        f.plugin.deliveries.subList(6, 11).forEach(f.plugin::ack);
        await("offset reaches the end").until(() -> f.committed(s) == 6);
    }

    @Test
    @DisplayName("an event rejected maxAttempts times is dead-lettered with the reason and the subscription moves on")
    void poisonEventIsDeadLettered() throws Exception {
        Subscription s = f.subscribe("orders", SubscriptionFilter.ALL, SubscriptionOptions.defaults().withFirstEvent(FirstEvent.OLDEST)
                .withRetry(new RetryPolicy(3, Duration.ofMillis(10), 2.0, Duration.ofMillis(40))));
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        List<Event> events = f.publish(3);
        await("event 1").until(() -> f.plugin.deliveries.size() == 1);
        f.plugin.ack(delivered(1));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int n = attempt;
            await("attempt " + n + " of event 2").until(() -> f.plugin.sequences("orders").stream().filter(q -> q == 2).count() == n);
            f.plugin.reject(delivered(2), "poison #" + attempt);
        }
        await("event 3 delivered after the poison").until(() -> f.plugin.sequences("orders").contains(3L));
        f.plugin.ack(delivered(3));
        await("offset passes the dead letter").until(() -> f.committed(s) == 3);
        var dead = f.engine.deadLetters(s.ref().id(), 10);
        assertEquals(1, dead.size());
        assertEquals(events.get(1).id(), dead.get(0).eventId());
        assertEquals(3, dead.get(0).attempts());
        assertEquals("poison #3", dead.get(0).reason());
        assertEquals(List.of(1L, 2L, 2L, 2L, 3L), f.plugin.sequences("orders"));
    }

    @Test
    @DisplayName("readAhead bounds the deliveries in flight to readAhead + 1")
    void readAheadBoundsInFlight() throws Exception {
        Subscription s = f.subscribe("orders", 2, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.publish(10);
        await("window filled").until(() -> f.plugin.deliveries.size() == 3);
        f.plugin.ack(delivered(1));
        await("one more once one is acked").until(() -> f.plugin.deliveries.size() == 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), f.plugin.sequences("orders"));
        assertEquals(3, f.engine.inFlight(s.ref().id()));
        f.plugin.autoAck = true;
        f.plugin.deliveries.subList(1, 4).forEach(f.plugin::ack);
        await("all delivered").until(() -> f.committed(s) == 10);
        assertEquals(range(1, 10), f.plugin.sequences("orders"));
    }

    @Test
    @DisplayName("re-registering a connection with another matcher starts new matches and stops lost ones")
    void reRegisterRecomputes() throws Exception {
        Subscription a = f.subscribe("a", 0, FirstEvent.OLDEST);
        Subscription b = f.subscribe("b", 0, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.byName(null, "a"));
        await("a active").until(() -> f.engine.activeConnection(a.ref().id()).isPresent());
        assertTrue(f.engine.activeConnection(b.ref().id()).isEmpty());
        f.callbacks.registerConnection("c1", SubscriptionMatcher.byName(null, "b"));
        await("b active, a stopped").until(() -> f.engine.activeConnection(b.ref().id()).isPresent()
                && f.engine.activeConnection(a.ref().id()).isEmpty());
    }

    @Test
    @DisplayName("connectionClosed moves a subscription to another matching connection, from the committed offset")
    void closeHandsOver() throws Exception {
        Subscription s = f.subscribe("orders", 1, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.callbacks.registerConnection("c2", SubscriptionMatcher.all());
        f.publish(3);
        await("two in flight on c1").until(() -> f.plugin.deliveries.size() == 2);
        assertTrue(f.plugin.deliveries.stream().allMatch(d -> d.connId().equals("c1")), "only c1 delivers while active");
        f.plugin.ack(delivered(1));
        await("offset 1").until(() -> f.committed(s) == 1);
        f.plugin.autoAck = true;
        f.callbacks.connectionClosed("c1");
        await("c2 takes over").until(() -> f.engine.activeConnection(s.ref().id()).orElse("").equals("c2"));
        await("c2 delivers 2 and 3").until(() -> f.plugin.deliveries.stream().filter(d -> d.connId().equals("c2")).count() >= 2);
        await("offset 3").until(() -> f.committed(s) == 3);
        List<Long> onC2 = f.plugin.deliveries.stream().filter(d -> d.connId().equals("c2")).map(Delivered::sequence).toList();
        assertEquals(List.of(2L, 3L), onC2);
    }

    @Test
    @DisplayName("with two matching connections only one delivers a subscription")
    void oneActiveDispatcher() throws Exception {
        f.plugin.autoAck = true;
        Subscription s = f.subscribe("orders", 5, FirstEvent.OLDEST);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.callbacks.registerConnection("c2", SubscriptionMatcher.all());
        f.publish(20);
        await("all acked").until(() -> f.committed(s) == 20);
        assertEquals(range(1, 20), f.plugin.sequences("orders"));
        assertEquals(1, f.plugin.deliveries.stream().map(Delivered::connId).distinct().count());
    }

    @Test
    @DisplayName("an ephemeral subscription starts at the newest event and dies with its connection")
    void ephemeralDiesWithConnection() throws Exception {
        f.publish(2);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        UUID id = f.callbacks.ephemeralSubscription("c1", "default", SubscriptionFilter.ALL, SubscriptionOptions.defaults());
        await("ephemeral active").until(() -> f.engine.activeConnection(id).isPresent());
        f.plugin.autoAck = true;
        f.publish(1);
        await("the new event delivered").until(() -> f.plugin.sequences(id.toString()).equals(List.of(3L)));
        f.callbacks.connectionClosed("c1");
        await("ephemeral gone").until(() -> f.engine.subscription(id).isEmpty() && f.engine.activeConnection(id).isEmpty());
        f.callbacks.registerConnection("c2", SubscriptionMatcher.all());
        f.publish(1);
        await("other work flows").until(() -> f.store.lastSequence() == 4);
        assertEquals(List.of(3L), f.plugin.sequences(id.toString()));
    }

    @Test
    @DisplayName("a reply in an ack becomes a new event whose cid is the answered event's id")
    void replyBecomesEvent() throws Exception {
        f.subscribe("orders", SubscriptionFilter.byType("order\\..*"), SubscriptionOptions.defaults().withFirstEvent(FirstEvent.OLDEST));
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        Event sent = f.publish(1).get(0);
        await("delivered").until(() -> f.plugin.deliveries.size() == 1);
        f.plugin.reply(f.plugin.deliveries.get(0), new Reply("confirmation", null, "r-1", DataArray.ofJson("{\"ok\":true}", "not json")));
        await("reply stored").until(() -> f.store.lastSequence() == 2);
        StoredEvent reply = f.store.readAfter(1, 1, true).get(0);
        assertEquals(sent.id(), reply.event().cid());
        assertEquals("confirmation", reply.event().type());
        assertEquals(sent.topic(), reply.event().topic());
        assertEquals(DataArray.ofJson("{\"ok\":true}", "\"not json\""), reply.data());
        assertEquals(1, f.plugin.deliveries.size(), "the filter keeps the reply from being delivered back");
    }

    @Test
    @DisplayName("a late reply without subscription is published with the answered event's namespace and cid")
    void lateReply() throws Exception {
        Event sent = f.publish(1).get(0);
        f.callbacks.deliveryResponse("c9", dev.eventbridge.api.event.DeliveryResponse.reply(sent.id(), new Reply("reply", "t", null, null)));
        await("reply stored").until(() -> f.store.lastSequence() == 2);
        assertEquals(sent.id(), f.store.readAfter(1, 1, false).get(0).event().cid());
    }

    @Test
    @DisplayName("filters select by type and by topic")
    void filters() throws Exception {
        f.plugin.autoAck = true;
        Subscription byType = f.subscribe("by-type", SubscriptionFilter.byType("order\\.(created|paid)"),
                SubscriptionOptions.defaults().withFirstEvent(FirstEvent.OLDEST));
        Subscription byTopic = f.subscribe("by-topic", SubscriptionFilter.byTopic("eu-.*"),
                SubscriptionOptions.defaults().withFirstEvent(FirstEvent.OLDEST));
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.publish(1, "order.created", "eu-west");
        f.publish(1, "order.shipped", "eu-east");
        f.publish(1, "order.paid", "us-east");
        f.publish(1, "order.created.v2", "us-west");
        await("both subscriptions pass every event").until(() -> f.committed(byType) == 4 && f.committed(byTopic) == 4);
        assertEquals(List.of(1L, 3L), f.plugin.sequences("by-type"));
        assertEquals(List.of(1L, 2L), f.plugin.sequences("by-topic"));
    }

    @Test
    @DisplayName("firstEvent oldest, newest and a sequence each start where they say")
    void firstEvent() throws Exception {
        f.plugin.autoAck = true;
        f.publish(5);
        Subscription oldest = f.subscribe("oldest", 0, FirstEvent.OLDEST);
        Subscription newest = f.subscribe("newest", 0, FirstEvent.NEWEST);
        Subscription fromFour = f.subscribe("from-four", 0, FirstEvent.sequence(4));
        f.publish(1);
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        await("all caught up").until(() -> f.committed(oldest) == 6 && f.committed(newest) == 6 && f.committed(fromFour) == 6);
        assertEquals(range(1, 6), f.plugin.sequences("oldest"));
        assertEquals(List.of(6L), f.plugin.sequences("newest"));
        assertEquals(List.of(4L, 5L, 6L), f.plugin.sequences("from-four"));
    }

    @Test
    @DisplayName("withData false delivers no data; withData true delivers the stored data")
    void withData() throws Exception {
        f.plugin.autoAck = true;
        f.subscribe("with", SubscriptionFilter.ALL, SubscriptionOptions.defaults().withFirstEvent(FirstEvent.OLDEST));
        f.subscribe("without", SubscriptionFilter.ALL, SubscriptionOptions.defaults().withFirstEvent(FirstEvent.OLDEST).withData(false));
        f.callbacks.registerConnection("c1", SubscriptionMatcher.all());
        f.publish(1);
        await("both delivered").until(() -> f.plugin.deliveries.size() == 2);
        for (Delivered d : f.plugin.deliveries) {
            if (d.subscription().ref().name().equals("with")) {
                assertEquals(DataArray.ofJson("{\"n\":0}"), d.data());
            } else {
                assertEquals(null, d.data());
            }
        }
    }

    @Test
    @DisplayName("a batch-capable plugin receives deliveries in batches when the subscription asks for it")
    void batches() throws Exception {
        EngineFixture h = batchFixture();
        try (h) {
            h.plugin.autoAck = true;
            h.publish(40);
            Subscription s = h.subscribe("batched", SubscriptionFilter.ALL, SubscriptionOptions.defaults()
                    .withFirstEvent(FirstEvent.OLDEST).withReadAhead(19).withBatch(true, 10, Duration.ofMillis(10)));
            h.callbacks.registerConnection("c1", SubscriptionMatcher.all());
            await("all delivered").until(() -> h.committed(s) == 40);
            assertEquals(range(1, 40), h.plugin.sequences("batched"));
            assertTrue(h.plugin.batchRequests.get() >= 4 && h.plugin.batchRequests.get() < 40,
                    "deliveries went in batches: " + h.plugin.batchRequests.get());
        }
    }

    private static EngineFixture batchFixture() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("test.batch", "true");
        return new EngineFixture("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", p);
    }

    @Test
    @DisplayName("a subscription is refused for an unknown transport, a bad regex, a bad name or options the plugin refuses")
    void validation() {
        assertTrue(assertThrows(InvalidOptionsException.class, () -> f.engine.createSubscription("default", "x", "nope",
                SubscriptionFilter.ALL, SubscriptionOptions.defaults())).getMessage().contains("unknown transport 'nope'"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> f.engine.createSubscription("default", "x", "test",
                SubscriptionFilter.byType("(["), SubscriptionOptions.defaults())).getMessage().contains("filter 'type'"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> f.engine.createSubscription("default", "bad name!", "test",
                SubscriptionFilter.ALL, SubscriptionOptions.defaults())).getMessage().contains("name"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> f.engine.createSubscription("default", "x", "test",
                SubscriptionFilter.ALL, SubscriptionOptions.defaults().withPlugin(Map.of("refuse", "1")))).getMessage().contains("refuse"));
        assertTrue(f.engine.subscriptions().isEmpty());
    }

    @Test
    @DisplayName("a restart on the same H2 file resumes from the committed offset and loses nothing")
    void restartResumes(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0";
        UUID id;
        f.close();
        try (EngineFixture first = new EngineFixture(url)) {
            Subscription s = first.subscribe("orders", 3, FirstEvent.OLDEST);
            id = s.ref().id();
            first.callbacks.registerConnection("c1", SubscriptionMatcher.all());
            first.publish(10);
            await("window filled").until(() -> first.plugin.deliveries.size() == 4);
            first.plugin.ack(first.plugin.deliveries.get(0));
            first.plugin.ack(first.plugin.deliveries.get(1));
            first.plugin.ack(first.plugin.deliveries.get(3));
            await("offset 2").until(() -> first.committed(s) == 2);
        }
        try (EngineFixture second = new EngineFixture(url)) {
            assertEquals(2, second.engine.committedOffset(id).orElseThrow());
            second.plugin.autoAck = true;
            second.callbacks.registerConnection("c1", SubscriptionMatcher.all());
            await("the rest delivered").until(() -> second.engine.committedOffset(id).orElseThrow() == 10);
            assertEquals(range(3, 10), second.plugin.sequences("orders"));
            assertNotNull(second.engine.subscription(id).orElse(null));
        }
        f = EngineFixture.inMemory();
    }
}
