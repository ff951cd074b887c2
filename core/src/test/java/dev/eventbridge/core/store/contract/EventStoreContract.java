package dev.eventbridge.core.store.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.store.DeadLetter;
import dev.eventbridge.core.log.EventLog;
import dev.eventbridge.core.store.DuplicateSubscriptionException;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.LeaseAttempt;
import dev.eventbridge.core.store.LeaseLostException;
import dev.eventbridge.core.store.LeaseToken;
import dev.eventbridge.core.store.StoreRefusedException;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.store.jdbc.JdbcEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, run on each database the bridge supports (one subclass each). Several
 * {@link JdbcEventStore}s opened on one database stand for several bridge instances.
 */
abstract class EventStoreContract {

    /** A new, empty database. */
    abstract StoreTarget newDatabase();

    StoreTarget db;
    JdbcEventStore store;
    private final List<JdbcEventStore> opened = new ArrayList<>();

    @BeforeEach
    void open() {
        db = newDatabase();
        store = another();
    }

    /** Another instance's store on the same database, closed after the test. */
    JdbcEventStore another() {
        JdbcEventStore s = db.open();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(JdbcEventStore::close);
    }

    static NewEvent event(String type, String dataJson) {
        return new NewEvent(UUID.randomUUID(), "default", type, "topic", null, null,
                dataJson == null ? DataArray.empty() : DataArray.ofJson(dataJson));
    }

    static Subscription subscription(String name) {
        return new Subscription(new SubscriptionRef(UUID.randomUUID(), "default", name), "test", SubscriptionFilter.ALL,
                SubscriptionOptions.defaults().withReadAhead(3), false, Instant.now());
    }

    @Test
    @DisplayName("appended events get consecutive sequences from 1, read back in order with their data exactly as given")
    void appendAndRead() {
        String exact = "{\"n\":1.50,\"big\":123456789012345678901234567890,\"s\":\"caf\\u00e9 ☕\"}";
        List<Event> first = store.append(List.of(event("a", exact), event("b", null)));
        List<Event> second = store.append(List.of(event("c", "[1,2]")));
        assertEquals(List.of(1L, 2L), first.stream().map(Event::sequence).toList());
        assertEquals(3L, second.get(0).sequence());
        assertEquals(3, store.lastSequence());
        List<StoredEvent> read = store.readAfter(0, 10, true);
        assertEquals(List.of("a", "b", "c"), read.stream().map(e -> e.event().type()).toList());
        assertEquals("[" + exact + "]", read.get(0).data().toJson());
        assertTrue(read.get(1).data().isEmpty());
        assertEquals(List.of(3L), store.readAfter(2, 10, false).stream().map(StoredEvent::sequence).toList());
        assertEquals(first.get(0).id(), store.event(first.get(0).id()).orElseThrow().event().id());
        assertEquals(first.get(0).created(), read.get(0).event().created());
    }

    @Test
    @DisplayName("a publish's trace context (traceparent, tracestate) is stored with the event and read back by sequence and by id; an event without one has none")
    void traceContextRoundTrips() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String tracestate = "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE";
        List<Event> appended = store.append(List.of(event("traced", "{}").withTrace(traceparent, tracestate),
                event("parent-only", null).withTrace(traceparent, null), event("plain", null)));
        assertEquals(traceparent, appended.get(0).traceparent());
        List<StoredEvent> read = another().readAfter(0, 10, false);
        assertEquals(java.util.Arrays.asList(traceparent, traceparent, null), read.stream().map(e -> e.event().traceparent()).toList());
        assertEquals(java.util.Arrays.asList(tracestate, null, null), read.stream().map(e -> e.event().tracestate()).toList());
        Event byId = store.event(appended.get(0).id()).orElseThrow().event();
        assertEquals(List.of(traceparent, tracestate), List.of(byId.traceparent(), byId.tracestate()));
        assertEquals("traceparent", assertThrows(InvalidEventException.class,
                () -> dev.eventbridge.core.store.EventRules.check(event("bad", null).withTrace("00-nope", null))).field(), "checked before a publish");
    }

    @Test
    @DisplayName("two instances appending concurrently: sequences are gap-free and unique, and a reader never sees a gap that fills later")
    void concurrentAppendsFromTwoInstances() throws Exception {
        JdbcEventStore other = another();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                JdbcEventStore s = w % 2 == 0 ? store : other;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        s.append(List.of(event("t", "{}"), event("t", null)));
                    }
                    return null;
                }));
            }
            long seen = 0;
            while (writers.stream().anyMatch(f -> !f.isDone()) || seen < 480) {
                for (StoredEvent e : other.readAfter(seen, 100, false)) {
                    assertEquals(seen + 1, e.sequence(), "read in order without a gap");
                    seen = e.sequence();
                }
            }
            for (Future<?> f : writers) {
                f.get();
            }
            assertEquals(480, store.lastSequence());
            assertEquals(LongStream.rangeClosed(1, 480).boxed().toList(),
                    store.readAfter(0, 1000, false).stream().map(StoredEvent::sequence).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a subscription is stored with its offset; a second one of that name is refused; deleting removes it and its offset")
    void subscriptions() {
        Subscription s = subscription("orders");
        store.createSubscription(s, 5);
        JdbcEventStore other = another();
        assertEquals(List.of(s.ref()), other.subscriptions().stream().map(Subscription::ref).toList());
        assertEquals(3, other.subscription(s.ref().id()).orElseThrow().options().readAhead());
        assertEquals(5, other.committedOffset(s.ref().id()).orElseThrow());
        assertThrows(DuplicateSubscriptionException.class, () -> other.createSubscription(subscription("orders"), 0));
        assertTrue(store.deleteSubscription(s.ref().id()));
        assertFalse(store.deleteSubscription(s.ref().id()));
        assertTrue(other.subscriptions().isEmpty());
        assertTrue(other.committedOffset(s.ref().id()).isEmpty());
    }

    @Test
    @DisplayName("dead letters are kept per subscription in sequence order; recording one twice keeps one; a reason is cut to size, NUL replaced")
    void deadLetters() {
        Subscription s = subscription("dl");
        store.createSubscription(s, 0);
        UUID id = UUID.randomUUID();
        store.deadLetter(new DeadLetter(s.ref().id(), 7, id, 3, "refused", Instant.now()), null);
        store.deadLetter(new DeadLetter(s.ref().id(), 2, UUID.randomUUID(), 1, "nul\u0000" + "x".repeat(5000), Instant.now()), null);
        store.deadLetter(new DeadLetter(s.ref().id(), 7, id, 4, "again", Instant.now()), null);
        List<DeadLetter> letters = another().deadLetters(s.ref().id(), 10);
        assertEquals(List.of(2L, 7L), letters.stream().map(DeadLetter::sequence).collect(Collectors.toList()));
        assertEquals(2048, letters.get(0).reason().length());
        assertEquals("refused", letters.get(1).reason());
    }

    @Test
    @DisplayName("a committed offset only moves forward")
    void offsetsMoveForward() {
        Subscription s = subscription("off");
        store.createSubscription(s, 0);
        store.commitOffset(s.ref().id(), 10);
        another().commitOffset(s.ref().id(), 4);
        assertEquals(10, store.committedOffset(s.ref().id()).orElseThrow());
    }

    /** Runs {@code task} on {@code n} threads released together; returns their results. */
    static <T> List<T> together(int n, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("any number of instances opening an empty database at once all start, on one migrated schema")
    void instancesStartTogetherOnAnEmptyDatabase() throws Exception {
        StoreTarget empty = newDatabase();
        List<JdbcEventStore> stores = together(6, empty::open);
        stores.forEach(opened::add);
        stores.get(0).append(List.of(event("a", null)));
        stores.forEach(s -> assertEquals(1, s.lastSequence()));
    }

    @Test
    @DisplayName("instances declaring one subscription at once all get the one stored, with one offset")
    void declaringASubscriptionIsIdempotent() throws Exception {
        List<JdbcEventStore> stores = List.of(store, another(), another(), another());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Subscription> got = together(4, () -> stores.get(next.getAndIncrement()).createSubscriptionIfAbsent(subscription("declared"), 0));
        assertEquals(1, got.stream().map(x -> x.ref().id()).distinct().count(), "one subscription: " + got);
        assertEquals(1, store.subscriptions().size());
        assertEquals(0, store.committedOffset(got.get(0).ref().id()).orElseThrow());
    }

    @Test
    @DisplayName("an event the store would refuse (NUL, too long) fails its own publish, naming the field, and never reaches the store")
    void refusedBeforeTheBatch() throws Exception {
        try (EventLog log = new EventLog(store)) {
            NewEvent nul = new NewEvent(UUID.randomUUID(), "default", "bad\u0000type", "t", null, null, null);
            NewEvent longTopic = new NewEvent(UUID.randomUUID(), "default", "ok", "x".repeat(257), null, null, null);
            java.util.concurrent.CompletableFuture<List<Event>> good = log.publish(List.of(event("good", "{}")));
            for (NewEvent bad : List.of(nul, longTopic)) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> log.publish(List.of(event("fine", null), bad)).get(10, java.util.concurrent.TimeUnit.SECONDS));
                InvalidEventException cause = assertInstanceOf(InvalidEventException.class, e.getCause());
                assertEquals(bad == nul ? "type" : "topic", cause.field());
            }
            assertEquals(1, good.get(10, java.util.concurrent.TimeUnit.SECONDS).get(0).sequence());
            assertEquals(1, store.lastSequence(), "neither the bad events nor the good ones beside them were stored");
        }
    }

    @Test
    @DisplayName("a group commit that fails for a reason the checks cannot see is stored again one publish at a time: only the culprit fails")
    void failedGroupIsRetriedOnePublishAtATime() throws Exception {
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(db.url(), db.username(), db.password());
             java.sql.Statement s = admin.createStatement()) {
            s.execute("ALTER TABLE eb_events ADD CONSTRAINT eb_test_refuse CHECK (type <> 'poison')");
        }
        try (EventLog log = new EventLog(store);
             java.sql.Connection blocker = java.sql.DriverManager.getConnection(db.url(), db.username(), db.password())) {
            blocker.setAutoCommit(false);
            try (java.sql.Statement s = blocker.createStatement()) {
                s.executeQuery("SELECT last_seq FROM eb_log_head WHERE id = 1 FOR UPDATE").close(); // the writer waits: publishes pile up
            }
            List<java.util.concurrent.CompletableFuture<List<Event>>> good = new ArrayList<>();
            java.util.concurrent.CompletableFuture<List<Event>> poison = null;
            for (int i = 0; i < 100; i++) {
                if (i == 50) {
                    poison = log.publish(List.of(new NewEvent(UUID.randomUUID(), "default", "poison", "secret-topic-value", null, null, null)));
                }
                good.add(log.publish(List.of(event("good", "{\"i\":" + i + "}"))));
            }
            blocker.rollback();
            java.util.Set<Long> sequences = new java.util.HashSet<>();
            for (java.util.concurrent.CompletableFuture<List<Event>> f : good) {
                sequences.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS).get(0).sequence());
            }
            assertEquals(100, sequences.size());
            java.util.concurrent.CompletableFuture<List<Event>> p = poison;
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> p.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(StoreRefusedException.class, e.getCause());
            assertFalse(e.getCause().getMessage().contains("secret-topic-value") || e.getCause().getMessage().contains("poison"),
                    "no event value in the message: " + e.getCause().getMessage());
            assertEquals(100, store.lastSequence(), "the 100 good events stored, the poison not");
        }
    }

    @Test
    @DisplayName("a lease has one holder by the database clock; a takeover gets the next epoch; the old tenure's renewals, commits and dead letters are refused")
    void leasesAreFencedByEpoch() {
        Subscription s = subscription("leased");
        store.createSubscription(s, 0);
        UUID id = s.ref().id();
        JdbcEventStore other = another();
        LeaseAttempt a = store.acquireLease(id, "A", Duration.ofMillis(500));
        assertTrue(a.taken());
        LeaseAttempt refused = other.acquireLease(id, "B", Duration.ofSeconds(30));
        assertFalse(refused.taken());
        assertTrue(refused.heldByAnotherFor().toMillis() > 0 && refused.heldByAnotherFor().toMillis() <= 500, refused.toString());
        store.commitOffset(a.token(), 5);
        assertTrue(store.renewLease(a.token(), Duration.ofMillis(500)));
        LeaseToken b = await("B takes over once A's lease expired by the database clock").atMost(Duration.ofSeconds(5))
                .until(() -> other.acquireLease(id, "B", Duration.ofSeconds(30)), LeaseAttempt::taken).token();
        assertEquals(a.token().epoch() + 1, b.epoch());
        assertFalse(store.renewLease(a.token(), Duration.ofMillis(500)), "the old tenure cannot renew");
        assertThrows(LeaseLostException.class, () -> store.commitOffset(a.token(), 9));
        assertThrows(LeaseLostException.class, () -> store.deadLetter(new DeadLetter(id, 7, UUID.randomUUID(), 1, "r", Instant.now()), a.token()));
        assertEquals(5, store.committedOffset(id).orElseThrow(), "the old holder's commit did not land");
        assertTrue(store.deadLetters(id, 10).isEmpty());
        other.commitOffset(b, 9);
        other.commitOffset(b, 9); // again: already there, still held
        other.deadLetter(new DeadLetter(id, 7, UUID.randomUUID(), 1, "r", Instant.now()), b);
        assertEquals(9, store.committedOffset(id).orElseThrow());
        assertEquals(1, store.deadLetters(id, 10).size());
        other.releaseLease(b);
        assertThrows(LeaseLostException.class, () -> other.commitOffset(b, 10), "released: over");
        LeaseAttempt again = store.acquireLease(id, "A", Duration.ofSeconds(30));
        assertTrue(again.taken(), "a released lease is free at once");
        assertEquals(b.epoch() + 1, again.token().epoch());
    }

    @Test
    @DisplayName("instances racing for a free lease: exactly one gets it")
    void oneWinnerForAFreeLease() throws Exception {
        Subscription s = subscription("race");
        store.createSubscription(s, 0);
        List<JdbcEventStore> stores = List.of(store, another(), another(), another(), another());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<LeaseAttempt> attempts = together(5, () -> {
            int n = next.getAndIncrement();
            return stores.get(n).acquireLease(s.ref().id(), "owner-" + n, Duration.ofSeconds(30));
        });
        assertEquals(1, attempts.stream().filter(LeaseAttempt::taken).count(), attempts.toString());
    }
}
