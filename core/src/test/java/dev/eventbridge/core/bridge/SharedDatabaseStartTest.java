package dev.eventbridge.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bridges started together on one empty PostgreSQL, declaring the same subscription. */
class SharedDatabaseStartTest {

    @Test
    @DisplayName("three bridges started at once on an empty PostgreSQL, each declaring one subscription, all start and share it")
    void startTogether(@TempDir Path dir) throws Exception {
        TestDatabase db = EmbeddedPostgresServer.shared().createDatabase();
        Path file = dir.resolve("bridge.properties");
        Files.writeString(file, String.join("\n", "bridge.http.port=0", "bridge.store.url=" + db.url(),
                "bridge.store.username=" + db.username(), "bridge.store.password=" + db.password(),
                "bridge.subscriptions.orders.transport=test", "bridge.subscriptions.orders.read.ahead=2"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Bridge> bridges = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Bridge>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return Bridge.start(BridgeConfig.load(file, Map.of()));
                }));
            }
            go.countDown();
            for (Future<Bridge> f : starts) {
                bridges.add(f.get(60, TimeUnit.SECONDS));
            }
            List<SubscriptionRef> first = refs(bridges.get(0));
            assertEquals(1, first.size());
            for (Bridge b : bridges) {
                assertEquals(first, refs(b), "every instance has the one stored subscription");
            }
        } finally {
            bridges.forEach(Bridge::close);
            pool.shutdownNow();
        }
    }

    private static List<SubscriptionRef> refs(Bridge b) {
        return b.engine().subscriptions().stream().map(Subscription::ref).toList();
    }
}
