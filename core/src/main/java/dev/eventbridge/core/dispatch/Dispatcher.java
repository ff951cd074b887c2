package dev.eventbridge.core.dispatch;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.RetryPolicy;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.filter.EventFilter;
import dev.eventbridge.core.log.HotTail;
import dev.eventbridge.core.store.DeadLetter;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.LeaseLostException;
import dev.eventbridge.core.store.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one subscription's events to one connection, in steps on the engine's dispatch pool
 * ({@link SerialRunner}: one step at a time, run when signalled, no polling). It reads the log after
 * the committed offset, passes each event through the filter, keeps at most readAhead+1 deliveries
 * in flight, commits the offset over the contiguous acked prefix ({@link OffsetTracker}), and on a
 * reject rewinds to the committed offset and redelivers everything after it, in order, after the
 * pause its {@link RetryPolicy} gives; an event rejected {@code maxAttempts} times, or rejected as
 * permanent ({@link DeliveryResponse#rejectPermanently}) once, is dead-lettered without a rewind:
 * sent to the broker's dead-letter destination when the plugin has one for the subscription
 * ({@link Plugin#deadLetterRequest}), and passed only once the broker accepted it ({@link DeadLetterSends}).
 * With a shared store it holds a {@link Lease} ({@link LeaseKeeper}): it starts a send only while
 * more than the margin of the lease remains, its offset commits and dead letters are fenced by the
 * lease's token, and it stops as soon as the lease is lost or may have run out. All state is
 * confined to the steps, which run one after another; other threads only enqueue responses and signal.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** The least time between two offset commits while acks flow. */
    static final long COMMIT_INTERVAL_NANOS = 50_000_000L;

    private final Subscription subscription;
    private final String connId;
    private final Plugin plugin;
    private final EventStore store;
    private final Offsets offsets;
    private final ReplyPublisher replies;
    private final DispatchSettings settings;
    private final Lease lease;
    private final Runnable onExit;
    private final DispatchMeters meters;
    private final boolean batch;
    private final int window;

    private final ConcurrentLinkedQueue<DeliveryResponse> responses = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile long drainDeadline = Long.MAX_VALUE;
    private final SerialRunner runner;

    // dispatcher-thread state
    private final EventReader reader;
    private final Map<UUID, InFlight> inFlight = new HashMap<>();
    private final TreeMap<Long, Integer> attempts = new TreeMap<>();
    private final DeadLetterSends deadLetters = new DeadLetterSends();
    private OffsetTracker tracker;
    private long pauseUntil;
    private long lastCommitNanos = System.nanoTime() - COMMIT_INTERVAL_NANOS;
    private boolean storeFailing;
    private boolean started;
    private boolean offsetFailing;
    private final LeaseKeeper keeper;

    private volatile long committed;
    private volatile int inFlightCount;

    /** A delivery awaiting its answer, and when it started ({@link System#nanoTime}). */
    private record InFlight(StoredEvent event, long sentNanos) {
    }

    /**
     * A dispatcher whose steps run on {@code pool}, reporting to {@code meters} and taking the newest
     * events from {@code tail} once caught up (null: always from the store). {@code onExit} runs once,
     * after the last step.
     */
    public Dispatcher(Subscription subscription, String connId, Plugin plugin, boolean batchCapable, EventStore store,
                      EventFilter filter, Offsets offsets, ReplyPublisher replies, DispatchSettings settings, Lease lease,
                      Runnable onExit, DispatchMeters meters, HotTail tail, ScheduledExecutorService pool) {
        this.meters = meters;
        this.subscription = subscription;
        this.connId = connId;
        this.plugin = plugin;
        this.store = store;
        this.reader = new EventReader(store, tail, filter, settings.pageSize(), subscription.options().withData());
        this.offsets = offsets;
        this.replies = replies;
        this.settings = settings;
        this.lease = lease;
        this.onExit = onExit;
        this.batch = batchCapable && subscription.options().batch();
        this.window = subscription.options().readAhead() + 1;
        this.keeper = new LeaseKeeper(lease, settings, subscription.ref() + "@" + connId);
        this.runner = new SerialRunner(pool, "dispatcher of " + subscription.ref() + "@" + connId, this::step);
    }

    /** Starts delivering: the first step reads the committed offset. */
    public void start() {
        runner.signal();
    }

    public Subscription subscription() {
        return subscription;
    }

    public String connId() {
        return connId;
    }

    /** The offset this dispatcher last committed. */
    public long committed() {
        return committed;
    }

    /** Deliveries currently awaiting an answer. */
    public int inFlightCount() {
        return inFlightCount;
    }

    /** Hands over a response from the plugin; any thread. */
    public void offer(DeliveryResponse response) {
        responses.add(response);
        wake();
    }

    /** New events may be in the log; any thread. */
    public void wake() {
        runner.signal();
    }

    /**
     * Stops delivering, waits up to {@code grace} for in-flight deliveries to be answered, commits
     * the offset and returns once the last step ran. Unanswered deliveries are redelivered by the next dispatcher.
     */
    public void stop(Duration grace) {
        drainDeadline = System.nanoTime() + grace.toNanos();
        wake();
        if (!runner.inStep() && !runner.awaitDone(grace.plusSeconds(10))) {
            LOG.warn("Dispatcher for subscription {} on connection {} did not stop within {} ms; it stops after its current step",
                    subscription, connId, grace.plusSeconds(10).toMillis());
        }
        running = false;
        wake();
    }

    /**
     * One step on the pool: first reading the committed offset, then draining answers, committing,
     * sending what the window allows. Returns when to run again without a signal (see {@link SerialRunner}).
     */
    private long step() {
        long now = System.nanoTime();
        if (!started) {
            return startStep(now);
        }
        try {
            drainResponses();
            now = System.nanoTime();
            if (!keeper.keep(now)) { // first, so neither a failing commit nor anything else keeps it from being checked
                return finish(true);
            }
            commitIfAdvanced();
            if (!running) {
                return finish(false);
            }
            if (drainDeadline != Long.MAX_VALUE) {
                if (tracker.inFlight() == 0 || System.nanoTime() >= drainDeadline) {
                    return finish(false);
                }
                return Math.min(keeper.dueInMillis(now), Math.max(1, (drainDeadline - System.nanoTime()) / 1_000_000));
            }
            if (now < pauseUntil) {
                return Math.min(commitDueInMillis(now), Math.min(keeper.dueInMillis(now), Math.max(1, (pauseUntil - now) / 1_000_000)));
            }
            resendDeadLetters(now);
            int sent = fill();
            if (storeFailing) {
                LOG.info("Dispatcher for subscription {} on connection {} works again, at offset {}", subscription, connId, committed);
                storeFailing = false;
            }
            if (sent == 0 && responses.isEmpty()) {
                return Math.min(Math.min(keeper.dueInMillis(now), idleRecheckMillis()),
                        Math.min(deadLetters.dueInMillis(now), commitDueInMillis(now)));
            }
            return SerialRunner.AGAIN;
        } catch (LeaseLostException e) {
            LOG.warn("Dispatcher for subscription {} on connection {}: the store refused a write, {}; stopping", subscription, connId, e.getMessage());
            return finish(true);
        } catch (RuntimeException e) {
            if (!storeFailing) {
                LOG.warn("Dispatcher for subscription {} on connection {} failed, retrying: {}", subscription, connId, e.toString());
                storeFailing = true;
            }
            return Math.min(keeper.dueInMillis(System.nanoTime()), 1000);
        }
    }

    /**
     * An idle dispatcher runs again only when signalled: new events and answers always signal it.
     * With a store shared with other instances it also looks every {@code idleRecheck}, in case a
     * notification of another instance's append was lost.
     */
    private long idleRecheckMillis() {
        return settings.leases() ? settings.idleRecheck().toMillis() : Long.MAX_VALUE;
    }

    /**
     * The first steps: read the committed offset, again every second while the store fails (it may be
     * down for a while); the dispatcher ends if it is stopped or loses its lease first.
     */
    private long startStep(long now) {
        if (!running || drainDeadline != Long.MAX_VALUE) {
            return stoppedBeforeStart();
        }
        try {
            committed = offsets.committed();
        } catch (RuntimeException e) {
            if (!offsetFailing) {
                LOG.warn("Dispatcher for subscription {} on connection {} cannot read its offset, retrying every second: {}",
                        subscription, connId, e.getMessage());
                offsetFailing = true;
            }
            if (!keeper.keep(System.nanoTime())) {
                return stoppedBeforeStart();
            }
            return Math.min(keeper.dueInMillis(System.nanoTime()), 1000);
        }
        if (offsetFailing) {
            LOG.info("Dispatcher for subscription {} on connection {} read its offset", subscription, connId);
        }
        started = true;
        tracker = new OffsetTracker(committed);
        reader.rewindTo(committed);
        meters.committed(committed);
        LOG.info("Dispatcher started: subscription {} on connection {} from offset {} (readAhead {}{})",
                subscription, connId, committed, window - 1, batch ? ", batched" : "");
        return SerialRunner.AGAIN;
    }

    private long stoppedBeforeStart() {
        running = false;
        try {
            lease.release();
        } catch (RuntimeException ignored) {
            // it expires by itself
        }
        onExit.run();
        LOG.info("Dispatcher stopped before it started: subscription {} on connection {}", subscription, connId);
        return SerialRunner.DONE;
    }

    /** The last step: commits and releases the lease unless it was lost, then reports the exit. */
    private long finish(boolean leaseLost) {
        running = false;
        if (!leaseLost) {
            try {
                drainResponses();
                commitNow();
            } catch (RuntimeException e) {
                LOG.warn("Dispatcher for subscription {} could not commit on stop: {}", subscription, e.getMessage());
            }
            try {
                lease.release();
            } catch (RuntimeException e) {
                LOG.warn("Dispatcher for subscription {} could not release its lease (it expires by itself): {}", subscription, e.getMessage());
            }
        }
        meters.inFlight(0); // what was in flight is left for redelivery
        onExit.run();
        LOG.info("Dispatcher stopped: subscription {} on connection {} at offset {} ({} in flight left for redelivery)",
                subscription, connId, committed, tracker.inFlight());
        return SerialRunner.DONE;
    }

    private int fill() {
        int sent = 0;
        List<StoredEvent> group = batch ? new ArrayList<>() : null;
        while (tracker.inFlight() < window && drainDeadline == Long.MAX_VALUE && keeper.maySend()) {
            StoredEvent next = reader.next(tracker);
            if (next == null) {
                break;
            }
            track(next);
            sent++;
            if (batch) {
                group.add(next);
                if (group.size() >= subscription.options().batchSize()) {
                    sendBatch(group);
                }
            } else {
                send(next);
            }
        }
        if (batch && !group.isEmpty()) {
            sendBatch(group);
        }
        inFlightChanged();
        return sent;
    }

    private void track(StoredEvent e) {
        tracker.delivered(e.sequence());
        inFlight.put(e.event().id(), new InFlight(e, System.nanoTime()));
    }

    private EventDelivery delivery(StoredEvent e) {
        int attempt = attempts.merge(e.sequence(), 1, Integer::sum);
        meters.delivered(attempt > 1);
        return new EventDelivery(e.event(), subscription.ref(), attempt, keeper.startBy(System.nanoTime()));
    }

    private DataArray data(StoredEvent e) {
        return subscription.options().withData() ? (e.data() == null ? DataArray.empty() : e.data()) : null;
    }

    private void send(StoredEvent e) {
        EventDelivery d = delivery(e);
        try {
            plugin.deliveryRequest(connId, subscription, d, data(e));
        } catch (RuntimeException ex) {
            responses.add(DeliveryResponse.reject(d, "deliveryRequest threw " + ex));
        }
    }

    private void sendBatch(List<StoredEvent> group) {
        List<EventDelivery> deliveries = new ArrayList<>(group.size());
        List<DataArray> data = new ArrayList<>(group.size());
        for (StoredEvent e : group) {
            deliveries.add(delivery(e));
            data.add(data(e));
        }
        group.clear();
        try {
            plugin.deliveryBatchRequest(connId, subscription, deliveries, data);
        } catch (RuntimeException ex) {
            deliveries.forEach(d -> responses.add(DeliveryResponse.reject(d, "deliveryBatchRequest threw " + ex)));
        }
    }

    private void drainResponses() {
        DeliveryResponse r;
        while ((r = responses.poll()) != null) {
            InFlight sent = inFlight.get(r.eventId());
            StoredEvent e = sent == null ? null : sent.event();
            if (e == null || !tracker.isInFlight(e.sequence())) {
                if (r.reply() != null) {
                    replies.publish(store.event(r.eventId()).map(StoredEvent::event).orElse(null), r.reply());
                }
                continue;
            }
            try {
                DeadLetterSends.Pending deadLetter = deadLetters.answered(r.eventId());
                if (deadLetter != null) {
                    deadLetterAnswered(deadLetter, r);
                } else if (r.rejected()) {
                    rejected(e, r.info(), r.permanent());
                } else {
                    if (r.reply() != null) {
                        replies.publish(e.event(), r.reply());
                    }
                    tracker.ack(e.sequence());
                    inFlight.remove(r.eventId());
                    meters.acked(sent.sentNanos(), e.event().created());
                }
            } catch (LeaseLostException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                // the answer could not be recorded (store down): deliver again rather than stall or skip
                rewind(e, "its response could not be processed: " + ex.getMessage(), subscription.options().retry().maxBackoff());
            }
        }
        inFlightChanged();
    }

    /** Publishes the number of deliveries awaiting an answer, for the API and the metrics. */
    private void inFlightChanged() {
        inFlightCount = tracker.inFlight();
        meters.inFlight(inFlightCount);
    }

    /**
     * A reject: dead-letters the event when it is permanent or the policy's attempts ran out (the
     * deliveries after it stay in flight, nothing is rewound), else rewinds with the policy's backoff.
     */
    private void rejected(StoredEvent e, String reason, boolean permanent) {
        meters.rejected(reason);
        RetryPolicy policy = subscription.options().retry();
        int attempt = attempts.getOrDefault(e.sequence(), 1);
        if (permanent || (policy.maxAttempts() > 0 && attempt >= policy.maxAttempts())) {
            sendDeadLetter(new DeadLetterSends.Pending(e, attempt, permanent ? "permanent failure: " + reason : reason));
            return;
        }
        rewind(e, reason, policy.backoff(attempt + 1));
    }

    /**
     * Hands a dead letter to the plugin for the broker's dead-letter destination; it stays in flight
     * until the broker accepts it. Without such a destination it is recorded and passed at once.
     */
    private void sendDeadLetter(DeadLetterSends.Pending p) {
        StoredEvent e = p.event();
        EventDelivery d = new EventDelivery(e.event(), subscription.ref(), p.attempts(), keeper.startBy(System.nanoTime()));
        boolean sent;
        try {
            sent = plugin.deadLetterRequest(connId, subscription, d, data(e), p.reason());
        } catch (RuntimeException ex) {
            sent = true;
            responses.add(DeliveryResponse.reject(d, "deadLetterRequest threw " + ex));
        }
        if (sent) {
            deadLetters.sent(p);
        } else {
            recordDeadLetter(p, "");
        }
    }

    /** The broker's answer to a dead letter: accepted, it is recorded and passed; else it is sent again after a pause. */
    private void deadLetterAnswered(DeadLetterSends.Pending p, DeliveryResponse r) {
        if (!r.rejected()) {
            recordDeadLetter(p, " and sent to the broker's dead-letter destination");
            return;
        }
        Duration pause = subscription.options().retry().maxBackoff();
        meters.deadLetterRefused(r.info());
        LOG.warn("Dead letter not accepted: subscription {} on connection {}, event {} (sequence {}): {}; the subscription "
                        + "stays at it and sends it to the dead-letter destination again in {} ms",
                subscription, connId, p.event().event().id(), p.event().sequence(), r.info(), pause.toMillis());
        deadLetters.retryAt(System.nanoTime() + pause.toNanos(), p);
    }

    /** Sends again the dead letters whose pause is over, while sends may start. */
    private void resendDeadLetters(long now) {
        if (keeper.maySend()) {
            deadLetters.due(now).forEach(this::sendDeadLetter);
        }
    }

    private void recordDeadLetter(DeadLetterSends.Pending p, String where) {
        StoredEvent e = p.event();
        store.deadLetter(new DeadLetter(subscription.ref().id(), e.sequence(), e.event().id(), p.attempts(), p.reason(),
                Instant.now()), lease.token());
        meters.deadLettered(p.reason());
        LOG.warn("Dead-lettered{}: subscription {} on connection {}, event {} (sequence {}) after {} attempt(s): {}; moving on",
                where, subscription, connId, e.event().id(), e.sequence(), p.attempts(), p.reason());
        tracker.ack(e.sequence());
        inFlight.remove(e.event().id());
    }

    private void rewind(StoredEvent rejected, String reason, Duration pause) {
        commitNow();
        long delay = pause.toMillis();
        LOG.warn("Delivery rejected: subscription {} on connection {}, event {} (sequence {}): {}; rewinding to offset {} and redelivering {} in-flight event(s) in {} ms",
                subscription, connId, rejected.event().id(), rejected.sequence(), reason, committed, tracker.inFlight(), delay);
        tracker.reset(committed);
        inFlight.clear();
        deadLetters.clear();
        reader.rewindTo(committed);
        pauseUntil = System.nanoTime() + delay * 1_000_000;
    }

    /**
     * Commits the offset over the contiguous acked prefix once {@link #COMMIT_INTERVAL_NANOS} passed
     * since the last commit: acks arriving one by one would otherwise cost one store transaction each,
     * competing with the log's appends. A crash loses at most that much progress (those events are
     * delivered again, which at-least-once allows; brokers that detect duplicates drop them).
     */
    private void commitIfAdvanced() {
        if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
            commitNow();
        }
    }

    /** Milliseconds until an advanced offset is due to be committed; {@link Long#MAX_VALUE} when none waits. */
    private long commitDueInMillis(long now) {
        if (tracker.committable() <= committed) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, (COMMIT_INTERVAL_NANOS - (now - lastCommitNanos)) / 1_000_000);
    }

    /** Commits the offset over the contiguous acked prefix now, if it advanced. */
    private void commitNow() {
        long next = tracker.committable();
        if (next > committed) {
            offsets.commit(next);
            lastCommitNanos = System.nanoTime();
            committed = next;
            meters.committed(next);
            attempts.headMap(next, true).clear();
        }
    }
}
