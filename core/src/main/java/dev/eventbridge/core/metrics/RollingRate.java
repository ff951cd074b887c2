package dev.eventbridge.core.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A per-second rate over the last {@value #SECONDS} whole seconds, for status lines and the API (the
 * counters are what Prometheus computes rates from). One thread records; any thread reads.
 */
final class RollingRate {

    static final int SECONDS = 10;
    private static final int SLOTS = 16;

    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    private final AtomicLongArray stamps = new AtomicLongArray(SLOTS);

    /** Counts one at {@code nanoTime}. */
    void record(long nanoTime) {
        long second = nanoTime / 1_000_000_000L;
        int slot = (int) (second & (SLOTS - 1));
        if (stamps.get(slot) != second) {
            counts.set(slot, 0);
            stamps.set(slot, second);
        }
        counts.incrementAndGet(slot);
    }

    /** Events per second over the {@value #SECONDS} whole seconds before {@code nanoTime}. */
    double perSecond(long nanoTime) {
        long now = nanoTime / 1_000_000_000L;
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            long age = now - stamps.get(i);
            if (age >= 1 && age <= SECONDS) {
                sum += counts.get(i);
            }
        }
        return sum / (double) SECONDS;
    }
}
