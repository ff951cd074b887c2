package dev.eventbridge.core.log;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.metrics.LogMeters;
import dev.eventbridge.core.store.EventRules;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoreDownException;
import dev.eventbridge.core.store.StoreRefusedException;
import dev.eventbridge.core.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events through one writer thread that groups concurrent publishes into one store
 * transaction (group commit: one disk sync for many publishers), then wakes every listener.
 * A publish completes only once its events are durable. One publish cannot fail another's: each
 * event is checked ({@link EventRules}) before it joins a group, and a group whose commit fails
 * for another reason, with the store up, is stored again one publish at a time.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final int MAX_GROUP = 2000;
    /** Failures in a row, not caused by the data, after which storing a failed group one by one stops. */
    private static final int SYSTEMIC = 3;

    private record Pending(List<NewEvent> events, CompletableFuture<List<Event>> result) {
    }

    private final EventStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long head;
    private volatile LogMeters meters;

    private final HotTail tail;

    public EventLog(EventStore store) {
        this(store, 0);
    }

    /**
     * A log that keeps its newest {@code tailCapacity} events in memory for dispatchers ({@link #tail()});
     * 0 keeps none (a store shared with other instances, whose appends this log does not see).
     */
    public EventLog(EventStore store, int tailCapacity) {
        this.store = store;
        this.tail = tailCapacity > 0 ? new HotTail(tailCapacity) : null;
        this.head = store.lastSequence();
        this.writer = new Thread(this::writeLoop, "eventbridge-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public EventStore store() {
        return store;
    }

    /** The newest committed events in memory, or null when this log keeps none. */
    public HotTail tail() {
        return tail;
    }

    /** The newest sequence this log stored (or found at start). */
    public long head() {
        return head;
    }

    /** Reports appends and group commits to {@code meters} from now on. */
    public void meters(LogMeters meters) {
        this.meters = meters;
    }

    /**
     * Appends events in order; the future completes with them, sequenced, once they are stored. It
     * fails with {@link dev.eventbridge.core.store.InvalidEventException} for an event the store
     * cannot keep (then none of them is stored), with {@link EventLogBusyException} when too many
     * publishes already wait for the writer. Never blocks the caller: an HTTP event loop calls it.
     */
    public CompletableFuture<List<Event>> publish(List<NewEvent> events) {
        return publish(events, false);
    }

    /**
     * As {@link #publish(List)}, but with {@code mayWait} a full queue makes the caller wait for room
     * instead of failing: for the bridge's own publishes (replies), which have no client to retry.
     */
    public CompletableFuture<List<Event>> publish(List<NewEvent> events, boolean mayWait) {
        CompletableFuture<List<Event>> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the event log is closed"));
            return result;
        }
        try {
            events.forEach(EventRules::check);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        Pending pending = new Pending(List.copyOf(events), result);
        if (mayWait) {
            try {
                queue.put(pending);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            }
        } else if (!queue.offer(pending)) {
            result.completeExceptionally(new EventLogBusyException(
                    "the event log has " + queue.size() + " publishes waiting to be stored; retry shortly"));
        }
        return result;
    }

    /** Registers a wake-up, run on the writer thread after each append: it must only signal. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int count = first.events().size();
                Pending next;
                while (count < MAX_GROUP && (next = queue.poll()) != null) {
                    group.add(next);
                    count += next.events().size();
                }
                write(group, count);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group, int count) {
        List<NewEvent> all = new ArrayList<>(count);
        group.forEach(p -> all.addAll(p.events()));
        List<Event> stored;
        long start = System.nanoTime();
        try {
            stored = store.append(all);
        } catch (StoreDownException e) {
            LOG.debug("Could not store {} published events: {}", count, e.getMessage()); // the store logged its going down
            group.forEach(p -> p.result().completeExceptionally(e));
            return;
        } catch (StoreUnavailableException e) {
            LOG.error("Could not store {} published events: {}", count, e.getMessage());
            group.forEach(p -> p.result().completeExceptionally(e));
            return;
        } catch (RuntimeException e) {
            if (group.size() == 1 || !store.health().up()) { // a store that is down fails each publish the same way
                LOG.error("Could not store {} published event(s): {}", count, e.getMessage());
                group.forEach(p -> p.result().completeExceptionally(e));
                return;
            }
            LOG.warn("A group commit of {} publishes failed ({}); storing them one by one", group.size(), e.getMessage());
            writeEach(group);
            return;
        }
        appended(stored, all, System.nanoTime() - start);
        int from = 0;
        for (Pending p : group) {
            int to = from + p.events().size();
            p.result().complete(stored.subList(from, to));
            from = to;
        }
        wakeListeners();
    }

    /** After one commit: moves the head, keeps the events in the tail, counts them by namespace. */
    private void appended(List<Event> stored, List<NewEvent> published, long nanos) {
        if (stored.isEmpty()) {
            return;
        }
        head = Math.max(head, stored.get(stored.size() - 1).sequence());
        if (tail != null) {
            tail.add(stored, published);
        }
        LogMeters m = meters;
        if (m == null) {
            return;
        }
        m.committed(stored.size(), nanos);
        String namespace = null;
        int run = 0;
        for (Event e : stored) { // a group is usually one namespace: count runs, not events
            if (!e.namespace().equals(namespace)) {
                if (run > 0) {
                    m.appended(namespace, run);
                }
                namespace = e.namespace();
                run = 0;
            }
            run++;
        }
        m.appended(namespace, run);
    }

    /**
     * Stores each publish in its own transaction. Once the store is unreachable, or fails
     * {@link #SYSTEMIC} publishes in a row for reasons other than their data, the rest fail with that.
     */
    private void writeEach(List<Pending> group) {
        RuntimeException systemic = null;
        int inARow = 0;
        boolean any = false;
        for (Pending p : group) {
            if (systemic != null) {
                p.result().completeExceptionally(systemic);
                continue;
            }
            try {
                long start = System.nanoTime();
                List<Event> stored = store.append(p.events());
                appended(stored, p.events(), System.nanoTime() - start);
                p.result().complete(stored);
                any = true;
                inARow = 0;
            } catch (StoreUnavailableException e) {
                systemic = e;
                p.result().completeExceptionally(e);
            } catch (RuntimeException e) {
                LOG.error("Could not store the publish of event(s) {}: {}", p.events().stream().map(NewEvent::id).toList(), e.getMessage());
                p.result().completeExceptionally(e);
                inARow = e instanceof StoreRefusedException ? 0 : inARow + 1;
                if (inARow >= SYSTEMIC) {
                    systemic = e;
                }
            }
        }
        if (systemic != null && !(systemic instanceof StoreDownException)) {
            LOG.error("Could not store published events: {}", systemic.getMessage());
        }
        if (any) {
            wakeListeners();
        }
    }

    private void wakeListeners() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /** Stops accepting publishes, writes what is queued, and stops the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
