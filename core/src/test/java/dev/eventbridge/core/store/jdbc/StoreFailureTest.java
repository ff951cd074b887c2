package dev.eventbridge.core.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreHealth;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store's health and recovery when its database fails under it. */
class StoreFailureTest {

    @AfterEach
    void room() {
        QuotaFilePath.releaseWrites();
        QuotaFilePath.setFree(Long.MAX_VALUE);
    }

    private static NewEvent event() {
        return new NewEvent(UUID.randomUUID(), "default", "order.created", "orders", null, null, DataArray.ofJson("{\"n\":1}"));
    }

    private static List<UUID> ids(List<StoredEvent> events) {
        return events.stream().map(e -> e.event().id()).toList();
    }

    @Test
    @Timeout(60)
    @DisplayName("H2: a commit not yet on disk is not read; when its write fails, the sequence goes to the next append, which readers then see")
    void unwrittenCommitIsNotRead(@TempDir Path dir) throws Exception {
        QuotaFilePath.register();
        String url = "jdbc:h2:" + QuotaFilePath.SCHEME + ":" + dir.resolve("db") + ";WRITE_DELAY=0";
        try (JdbcEventStore store = new JdbcEventStore(url, "sa", "")) {
            Event first = store.append(List.of(event())).get(0);
            CountDownLatch held = QuotaFilePath.holdWrites();
            NewEvent lost = event();
            CompletableFuture<List<Event>> appending = CompletableFuture.supplyAsync(() -> store.append(List.of(lost)));
            assertTrue(held.await(10, TimeUnit.SECONDS), "the append's write started");
            long visible = CompletableFuture.supplyAsync(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM eb_events")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals(2, visible, "H2 shows the commit to other sessions before it is written");
            assertEquals(List.of(first.id()), ids(store.readAfter(0, 10, true)));
            assertEquals(1, store.lastSequence());
            assertTrue(store.event(lost.id()).isEmpty());

            QuotaFilePath.setFree(0);
            QuotaFilePath.releaseWrites();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> appending.get(10, TimeUnit.SECONDS));
            assertInstanceOf(StoreException.class, failed.getCause());
            assertFalse(store.health().up());
            assertTrue(store.health().detail().endsWith("No space left on device"), store.health().detail());
            assertEquals(List.of(first.id()), ids(store.readAfter(0, 10, true)), "read while the disk is full");

            QuotaFilePath.setFree(Long.MAX_VALUE);
            await().atMost(Duration.ofSeconds(5)).until(() -> store.health().up());
            Event next = store.append(List.of(event())).get(0);
            assertEquals(2, next.sequence(), "the lost append's sequence, given again");
            assertEquals(List.of(first.id(), next.id()), ids(store.readAfter(0, 10, true)));
            assertEquals(2, store.lastSequence());
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("PostgreSQL: an idle store whose server stops is reported down with the reason, and up once the server is back")
    void postgresUnreachable() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOwn()) {
            TestDatabase db = server.createDatabase();
            try (JdbcEventStore store = new JdbcEventStore(db.url(), db.username(), db.password())) {
                store.append(List.of(event()));
                assertEquals(StoreHealth.OK, store.health());
                server.stop();
                await("down, found by health() itself").atMost(Duration.ofSeconds(40)).until(() -> !store.health().up());
                String detail = store.health().detail();
                assertTrue(detail.startsWith("unreachable since ") && detail.contains("refused"), detail);
                assertThrows(StoreException.class, () -> store.append(List.of(event())), "writes fail while down");
                server.start();
                await("up, found by the probe").atMost(Duration.ofSeconds(40)).until(() -> store.health().up());
                assertEquals(2, store.append(List.of(event())).get(0).sequence());
            }
        }
    }
}
