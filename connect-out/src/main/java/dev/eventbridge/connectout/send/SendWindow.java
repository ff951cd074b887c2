package dev.eventbridge.connectout.send;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries of one target that the broker has not answered yet: at most {@code capacity} sent
 * and awaiting the broker, the rest waiting, in arrival order, for a slot. A full window never
 * refuses a delivery (SPEC 14: a full window waits); the slot a confirmation or refusal frees goes
 * to the oldest waiting delivery. Each delivery is answered exactly once: whoever removes it (the
 * broker's answer, a lost connection, close, a send timeout) answers it. Each sent delivery carries
 * the time it took its slot, so the ones the broker leaves unanswered too long can be taken out
 * ({@link #expire}) at a cost bounded by how many expire. Thread-safe.
 *
 * <p>A batch (the deliveries one broker transaction sends, {@link #admitBatch}) takes one slot per
 * delivery, all at once, in its turn with the single deliveries: a broker's producer window and a
 * send's memory count messages, not transactions, so a batch of 50 weighs what 50 single sends do.
 * It waits until all its slots are free; one larger than the whole window is let in alone once the
 * window is empty (it would never fit otherwise). Each delivery of a batch keeps its own key, so
 * each is answered exactly once by whoever removes it, as a single one is, and all of a batch's
 * clocks start together, so a send timeout takes them out together.
 */
public final class SendWindow {

    /** What {@link #next()} hands out: one delivery or one batch. */
    public sealed interface Slot permits Admitted, AdmittedBatch {
        /** The deliveries this slot sends, in order: one, or a batch's. */
        List<Admitted> deliveries();
    }

    /** A delivery given a slot: send it with {@code key}; to the dead-letter destination when {@code deadLetter} is set. */
    public record Admitted(long key, EventDelivery delivery, DataArray data, DeadLetterSend deadLetter) implements Slot {
        @Override
        public List<Admitted> deliveries() {
            return List.of(this);
        }
    }

    /** A batch given one slot per delivery: send them in one broker transaction, in this order, each answered with its key. */
    public record AdmittedBatch(List<Admitted> deliveries) implements Slot {
        public AdmittedBatch {
            deliveries = List.copyOf(deliveries);
        }
    }

    private record Waiting(EventDelivery delivery, DataArray data, DeadLetterSend deadLetter,
                           List<EventDelivery> batch, List<DataArray> batchData) {
        int size() {
            return batch == null ? 1 : batch.size();
        }
    }

    /** A sent delivery and when its clock started ({@link System#nanoTime}). */
    private static final class Sent {
        final EventDelivery delivery;
        final boolean deadLetter;
        long since;

        Sent(EventDelivery delivery, boolean deadLetter, long since) {
            this.delivery = delivery;
            this.deadLetter = deadLetter;
            this.since = since;
        }
    }

    private final int capacity;
    private final Map<Long, Sent> pending = new LinkedHashMap<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private volatile int waitingCount;
    private long nextKey;

    /** @param capacity the most deliveries awaiting the broker at once; {@link Integer#MAX_VALUE} for no limit */
    public SendWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Gives {@code delivery} a slot and returns it, or queues it behind the deliveries already
     * waiting and returns null when every slot is taken.
     */
    public synchronized Admitted admit(EventDelivery delivery, DataArray data) {
        return admit(delivery, data, null);
    }

    /** As {@link #admit(EventDelivery, DataArray)}, for a dead letter when {@code deadLetter} is set. */
    public synchronized Admitted admit(EventDelivery delivery, DataArray data, DeadLetterSend deadLetter) {
        if (!waiting.isEmpty() || pending.size() >= capacity) {
            waiting.addLast(new Waiting(delivery, data, deadLetter, null, null));
            waitingCount = waiting.size();
            return null;
        }
        return slot(delivery, data, deadLetter);
    }

    /**
     * Gives each delivery of a batch a slot, all at once, and returns them; or queues the batch behind
     * the deliveries already waiting and returns null when its slots are not all free (see the class
     * comment for a batch larger than the window).
     *
     * @param data the data of each delivery, in the same order (an element may be null)
     */
    public synchronized AdmittedBatch admitBatch(List<EventDelivery> deliveries, List<DataArray> data) {
        if (deliveries.isEmpty() || deliveries.size() != data.size()) {
            throw new IllegalArgumentException("a batch needs one data element per delivery, and at least one delivery");
        }
        if (!waiting.isEmpty() || !fits(deliveries.size())) {
            waiting.addLast(new Waiting(null, null, null, List.copyOf(deliveries), new ArrayList<>(data)));
            waitingCount = waiting.size();
            return null;
        }
        return batchSlots(deliveries, data);
    }

    /**
     * Gives the oldest waiting delivery (or batch) the slots that are free, or returns null when none
     * waits or its slots are not free.
     */
    public synchronized Slot next() {
        Waiting w = waiting.peekFirst();
        if (w == null || !fits(w.size())) {
            return null;
        }
        waiting.pollFirst();
        waitingCount = waiting.size();
        return w.batch() == null ? slot(w.delivery(), w.data(), w.deadLetter()) : batchSlots(w.batch(), w.batchData());
    }

    private boolean fits(int size) {
        return pending.isEmpty() || pending.size() + size <= capacity;
    }

    private AdmittedBatch batchSlots(List<EventDelivery> deliveries, List<DataArray> data) {
        List<Admitted> slots = new ArrayList<>(deliveries.size());
        long now = System.nanoTime(); // one clock for the batch: a send timeout takes it out whole
        for (int i = 0; i < deliveries.size(); i++) {
            slots.add(slot(deliveries.get(i), data.get(i), null, now));
        }
        return new AdmittedBatch(slots);
    }

    /** Whether deliveries wait for a slot; cheap, without locking. */
    public boolean hasWaiting() {
        return waitingCount > 0;
    }

    /** Whether the sent delivery with {@code key} still awaits its answer. */
    public synchronized boolean isPending(long key) {
        return pending.containsKey(key);
    }

    /** Whether the sent delivery with {@code key} is a dead letter (false once it was answered). */
    public synchronized boolean isDeadLetter(long key) {
        Sent sent = pending.get(key);
        return sent != null && sent.deadLetter;
    }

    /** Removes and returns the sent delivery with {@code key}, or null when it was answered already. */
    public synchronized EventDelivery remove(long key) {
        Sent sent = pending.remove(key);
        return sent == null ? null : sent.delivery;
    }

    /**
     * Removes and returns, oldest first, the sent deliveries whose clock started at or before
     * {@code startedBy} ({@link System#nanoTime} scale). Slots are taken in time order, so this stops
     * at the first younger one.
     */
    public synchronized List<EventDelivery> expire(long startedBy) {
        List<EventDelivery> expired = new ArrayList<>();
        Iterator<Sent> it = pending.values().iterator();
        while (it.hasNext()) {
            Sent sent = it.next();
            if (sent.since - startedBy > 0) {
                break;
            }
            expired.add(sent.delivery);
            it.remove();
        }
        return expired;
    }

    /** Starts the clock of every sent delivery again at {@code now} (after a failover the client resent them). */
    public synchronized void restartClocks(long now) {
        pending.values().forEach(sent -> sent.since = now);
    }

    /** Removes and returns every delivery, sent or waiting, oldest first. */
    public synchronized List<EventDelivery> drain() {
        List<EventDelivery> all = new ArrayList<>();
        pending.values().forEach(sent -> all.add(sent.delivery));
        waiting.forEach(w -> {
            if (w.batch() == null) {
                all.add(w.delivery());
            } else {
                all.addAll(w.batch());
            }
        });
        pending.clear();
        waiting.clear();
        waitingCount = 0;
        return all;
    }

    /** How many deliveries have been sent and await the broker now. */
    public synchronized int size() {
        return pending.size();
    }

    /** How many deliveries, or batches, wait for a slot now. */
    public int waiting() {
        return waitingCount;
    }

    /** The most deliveries awaiting the broker at once. */
    public int capacity() {
        return capacity;
    }

    private Admitted slot(EventDelivery delivery, DataArray data, DeadLetterSend deadLetter) {
        return slot(delivery, data, deadLetter, System.nanoTime());
    }

    private Admitted slot(EventDelivery delivery, DataArray data, DeadLetterSend deadLetter, long since) {
        long key = nextKey++;
        pending.put(key, new Sent(delivery, deadLetter != null, since));
        return new Admitted(key, delivery, data, deadLetter);
    }
}
