package dev.eventbridge.core.dispatch;

import dev.eventbridge.core.filter.EventFilter;
import dev.eventbridge.core.log.HotTail;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.StoredEvent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A dispatcher's read position in the log: pages of events after it, from the log's hot tail
 * when they are still in memory, else from the store, and the filter applied to each. Events the
 * filter drops are reported to the {@link OffsetTracker} as skipped, so the offset passes them.
 * Confined to the dispatcher's steps.
 */
final class EventReader {

    private final EventStore store;
    private final HotTail tail;
    private final EventFilter filter;
    private final int pageSize;
    private final boolean withData;
    private final ArrayDeque<StoredEvent> buffer = new ArrayDeque<>();
    private long position;

    /** @param tail the log's newest events in memory, or null to read the store always */
    EventReader(EventStore store, HotTail tail, EventFilter filter, int pageSize, boolean withData) {
        this.store = store;
        this.tail = tail;
        this.filter = filter;
        this.pageSize = pageSize;
        this.withData = withData;
    }

    /** Reads on from just after {@code sequence}, dropping what was read ahead. */
    void rewindTo(long sequence) {
        buffer.clear();
        position = sequence;
    }

    /**
     * The next event the filter passes, or null when the log has none yet. Events it drops go to
     * {@code tracker} as skipped.
     *
     * @throws RuntimeException when the store cannot be read; the position stays where it was
     */
    StoredEvent next(OffsetTracker tracker) {
        while (true) {
            if (buffer.isEmpty()) {
                List<StoredEvent> page = tail == null ? null : tail.after(position, pageSize);
                if (page == null) { // not in memory (behind the tail, or no tail): from the store
                    page = store.readAfter(position, pageSize, withData);
                }
                if (page.isEmpty()) {
                    return null;
                }
                buffer.addAll(page);
                position = page.get(page.size() - 1).sequence();
            }
            StoredEvent e = buffer.pollFirst();
            if (filter.test(e.event())) {
                return e;
            }
            tracker.skipped(e.sequence());
        }
    }
}
