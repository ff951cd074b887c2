package dev.eventbridge.connectout.send;

import dev.eventbridge.api.event.EventDelivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries sent to the broker and not yet answered, at most {@code capacity} of them. Each is
 * answered exactly once: whoever removes it (the broker's confirmation or refusal, a lost
 * connection, close) answers it. Thread-safe.
 */
public final class SendWindow {

    private final int capacity;
    private final Map<Long, EventDelivery> pending = new LinkedHashMap<>();
    private long nextKey;

    /** @param capacity the most deliveries awaiting the broker at once; {@link Integer#MAX_VALUE} for no limit */
    public SendWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds {@code delivery} and returns its key, or -1 when the window is full. */
    public synchronized long tryAdd(EventDelivery delivery) {
        if (pending.size() >= capacity) {
            return -1;
        }
        long key = nextKey++;
        pending.put(key, delivery);
        return key;
    }

    /** Removes and returns the delivery with {@code key}, or null when it was answered already. */
    public synchronized EventDelivery remove(long key) {
        return pending.remove(key);
    }

    /** Removes and returns every pending delivery, oldest first. */
    public synchronized List<EventDelivery> drain() {
        List<EventDelivery> all = new ArrayList<>(pending.values());
        pending.clear();
        return all;
    }

    /** How many deliveries await the broker now. */
    public synchronized int size() {
        return pending.size();
    }

    /** The most deliveries awaiting the broker at once. */
    public int capacity() {
        return capacity;
    }
}
