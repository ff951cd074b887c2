package dev.eventbridge.bench.store;

import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.store.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * H2 exactly as the bridge runs it: core's {@link JdbcEventStore} on the URL {@code Bridge} builds
 * for the embedded default ({@code jdbc:h2:file:<dir>/eventbridge;WRITE_DELAY=0}, user sa), so the
 * same H2 version, Hikari pool, Flyway migrations and EventTable code: reserve sequences in the head
 * row (UPDATE + SELECT), batch insert, commit, {@code CHECKPOINT SYNC}; reads decode the data back
 * into a data array, as a dispatcher's read does.
 */
final class H2BridgeCandidate implements Candidate {

    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("eventbridge") + ";WRITE_DELAY=0";
    }

    private final JdbcEventStore store;

    H2BridgeCandidate(Path dir) {
        store = new JdbcEventStore(url(dir), "sa", null);
    }

    @Override
    public long append(List<Events.Event> group) {
        List<NewEvent> batch = new ArrayList<>(group.size());
        for (Events.Event e : group) {
            batch.add(e.event());
        }
        List<dev.eventbridge.api.event.Event> stored = store.append(batch);
        return stored.get(stored.size() - 1).sequence();
    }

    @Override
    public long readAfter(long afterSequence, int limit) {
        long sum = 0;
        for (StoredEvent e : store.readAfter(afterSequence, limit, true)) {
            sum += e.sequence() + e.event().id().getLeastSignificantBits() + e.data().items().size();
        }
        return sum;
    }

    @Override
    public void close() {
        store.close();
    }
}
