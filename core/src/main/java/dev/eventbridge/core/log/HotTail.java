package dev.eventbridge.core.log;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest events this process appended, in memory, with their data: a dispatcher that has caught
 * up takes what the log writer just committed from here instead of reading it back from the store,
 * and every subscription shares the one copy. Bounded to {@code capacity} events (oldest dropped
 * first); holds one contiguous run of sequences, so a dispatcher that asks for an event before its
 * start, or after a gap (another instance appending to a shared store), reads the store as before.
 * Events enter only once their commit returned. Thread-safe: the log writer adds, dispatchers read.
 */
public final class HotTail {

    private final StoredEvent[] ring;
    private long first = 1; // sequence of the oldest event held
    private long last;      // sequence of the newest event held; last < first when empty

    public HotTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.ring = new StoredEvent[capacity];
    }

    /** Adds committed events, in sequence order, with the data they were published with. Writer thread. */
    synchronized void add(List<Event> stored, List<NewEvent> published) {
        for (int i = 0; i < stored.size(); i++) {
            Event e = stored.get(i);
            long seq = e.sequence();
            if (last < first || seq != last + 1) {
                first = seq; // empty, or a gap: a new run starts here
            }
            ring[(int) Math.floorMod(seq, (long) ring.length)] = new StoredEvent(e, published.get(i).data());
            last = seq;
            if (last - first + 1 > ring.length) {
                first = last - ring.length + 1;
            }
        }
    }

    /**
     * Up to {@code limit} events after {@code after}, in order, or null when the tail does not hold
     * the next one ({@code after + 1}): then read the store. An empty list means nothing newer is
     * committed yet by this process.
     */
    public synchronized List<StoredEvent> after(long after, int limit) {
        long next = after + 1;
        if (last < first || next < first || next > last + 1) {
            return null;
        }
        int n = (int) Math.min(limit, last - after);
        List<StoredEvent> out = new ArrayList<>(Math.max(0, n));
        for (long s = next; s < next + n; s++) {
            out.add(ring[(int) Math.floorMod(s, (long) ring.length)]);
        }
        return out;
    }
}
