package dev.eventbridge.plugin.mqtt.target;

import dev.eventbridge.api.event.EventDelivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries published and not yet answered, at most {@code capacity}. Each is answered once:
 * whoever removes it (acknowledgement, failure or connection loss) answers it. Thread-safe.
 */
final class InFlightWindow {

    private final int capacity;
    private final Map<Long, EventDelivery> pending = new LinkedHashMap<>();
    private long nextKey;

    InFlightWindow(int capacity) {
        this.capacity = capacity;
    }

    /** Adds {@code delivery} and returns its key, or -1 when the window is full. */
    synchronized long tryAdd(EventDelivery delivery) {
        if (pending.size() >= capacity) {
            return -1;
        }
        long key = nextKey++;
        pending.put(key, delivery);
        return key;
    }

    /** Removes and returns the delivery with {@code key}, or null when it was answered already. */
    synchronized EventDelivery remove(long key) {
        return pending.remove(key);
    }

    /** Removes and returns every pending delivery, oldest first. */
    synchronized List<EventDelivery> drain() {
        List<EventDelivery> all = new ArrayList<>(pending.values());
        pending.clear();
        return all;
    }

    int capacity() {
        return capacity;
    }
}
