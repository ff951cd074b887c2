package dev.eventbridge.core.dispatch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides how far a subscription's offset may be committed. Events pass in sequence order, each
 * either delivered (then in flight until acked) or skipped by the filter. The committable offset is
 * the highest sequence below which every delivered event is acked: an ack for 7 while 5 is in flight
 * leaves it at 4. Not thread-safe: owned by one dispatcher thread.
 */
public final class OffsetTracker {

    /** Delivered sequences in order; acked ones are dropped from the head as soon as they lead. */
    private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
    private final Map<Long, Boolean> acked = new HashMap<>();
    private long passed;

    /** Starts after {@code committed}: nothing in flight. */
    public OffsetTracker(long committed) {
        this.passed = committed;
    }

    /** An event was delivered and awaits its ack. */
    public void delivered(long sequence) {
        inFlight.addLast(sequence);
        acked.put(sequence, Boolean.FALSE);
        passed = sequence;
    }

    /** An event was passed over without a delivery (it did not match the filter). */
    public void skipped(long sequence) {
        passed = sequence;
    }

    /** Marks a delivered event acked; false if it is not in flight (a stale or duplicate ack). */
    public boolean ack(long sequence) {
        if (acked.replace(sequence, Boolean.TRUE) == null) {
            return false;
        }
        while (!inFlight.isEmpty() && acked.get(inFlight.peekFirst())) {
            acked.remove(inFlight.pollFirst());
        }
        return true;
    }

    /** Deliveries started but not yet acked, and acked ones still behind an unacked one. */
    public int inFlight() {
        return inFlight.size();
    }

    public boolean isInFlight(long sequence) {
        return acked.containsKey(sequence);
    }

    /** The offset that may be committed now. */
    public long committable() {
        return inFlight.isEmpty() ? passed : inFlight.peekFirst() - 1;
    }

    /** Forgets everything in flight and starts again after {@code committed} (a rewind). */
    public void reset(long committed) {
        inFlight.clear();
        acked.clear();
        passed = committed;
    }
}
