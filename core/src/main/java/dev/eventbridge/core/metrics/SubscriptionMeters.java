package dev.eventbridge.core.metrics;

import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.dispatch.DispatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One subscription's meters, labelled {@code namespace} and {@code subscription} (its name): the
 * committed offset, lag (head − committed) and deliveries in flight as gauges; deliveries, acks,
 * rejects, redeliveries and dead letters as counters; the time from a delivery's start to the
 * broker's acknowledgement and from the event's creation to it as histograms. It outlives the
 * dispatchers that report to it, so lag keeps rising while no connection delivers the subscription.
 */
public final class SubscriptionMeters implements DispatchMeters {

    private final MeterRegistry registry;
    private final SubscriptionRef ref;
    private final LongSupplier head;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter deliveries;
    private final Counter redeliveries;
    private final Counter acks;
    private final Counter rejects;
    private final Counter deadLetters;
    private final Timer ackTime;
    private final Timer endToEnd;
    private final RollingRate ackRate = new RollingRate();
    private volatile long committed;
    private volatile int inFlight;
    private volatile String lastError;
    private volatile Instant lastErrorTime;

    SubscriptionMeters(MeterRegistry registry, SubscriptionRef ref, long committed, LongSupplier head) {
        this.registry = registry;
        this.ref = ref;
        this.head = head;
        this.committed = committed;
        Tags tags = Tags.of("namespace", ref.namespace(), "subscription", ref.name());
        meters.add(Gauge.builder("eventbridge.subscription.committed.offset", this, m -> m.committed)
                .description("The subscription's committed offset: every event up to it was delivered or skipped")
                .tags(tags).strongReference(true).register(registry));
        meters.add(Gauge.builder("eventbridge.subscription.lag", this, m -> Math.max(0, m.head.getAsLong() - m.committed))
                .description("Events in the log after the committed offset (head - committed)")
                .baseUnit("events").tags(tags).strongReference(true).register(registry));
        meters.add(Gauge.builder("eventbridge.subscription.in.flight", this, m -> m.inFlight)
                .description("Deliveries awaiting the broker's answer").tags(tags).strongReference(true).register(registry));
        deliveries = add(Counter.builder("eventbridge.subscription.deliveries")
                .description("Deliveries started, redeliveries included").tags(tags).register(registry));
        redeliveries = add(Counter.builder("eventbridge.subscription.redeliveries")
                .description("Deliveries of an event delivered before (after a reject or a rewind)").tags(tags).register(registry));
        acks = add(Counter.builder("eventbridge.subscription.acks")
                .description("Deliveries the broker acknowledged").tags(tags).register(registry));
        rejects = add(Counter.builder("eventbridge.subscription.rejects")
                .description("Deliveries rejected (refused by the broker, connection lost, timed out)").tags(tags).register(registry));
        deadLetters = add(Counter.builder("eventbridge.subscription.dead.letters")
                .description("Events dead-lettered").tags(tags).register(registry));
        ackTime = add(Timer.builder("eventbridge.subscription.ack")
                .description("Time from a delivery's start to the broker's acknowledgement")
                .tags(tags).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
        endToEnd = add(Timer.builder("eventbridge.subscription.end.to.end")
                .description("Time from the event's creation (stored in the log) to the broker's acknowledgement")
                .tags(tags).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void delivered(boolean redelivery) {
        deliveries.increment();
        if (redelivery) {
            redeliveries.increment();
        }
    }

    @Override
    public void acked(long sentNanos, Instant created) {
        long now = System.nanoTime();
        acks.increment();
        ackTime.record(now - sentNanos, TimeUnit.NANOSECONDS);
        long sinceCreated = System.currentTimeMillis() - created.toEpochMilli();
        endToEnd.record(Math.max(0, sinceCreated), TimeUnit.MILLISECONDS);
        ackRate.record(now);
    }

    @Override
    public void rejected(String reason) {
        rejects.increment();
        error(reason);
    }

    @Override
    public void deadLettered(String reason) {
        deadLetters.increment();
        error("dead-lettered: " + reason);
    }

    @Override
    public void deadLetterRefused(String reason) {
        error("dead letter not accepted: " + reason);
    }

    private void error(String reason) {
        lastError = reason;
        lastErrorTime = Instant.now();
    }

    @Override
    public void committed(long offset) {
        committed = offset;
    }

    @Override
    public void inFlight(int count) {
        inFlight = count;
    }

    /** The status as of now. */
    public SubscriptionStatus status() {
        return new SubscriptionStatus(committed, head.getAsLong(), inFlight, (long) deliveries.count(), (long) acks.count(),
                (long) rejects.count(), (long) deadLetters.count(), ackRate.perSecond(System.nanoTime()), lastError, lastErrorTime);
    }

    /** The subscription. */
    public SubscriptionRef ref() {
        return ref;
    }

    /** Acks counted so far. */
    long acks() {
        return (long) acks.count();
    }

    /** Removes every meter of this subscription from the registry (it was deleted). */
    void remove() {
        meters.forEach(registry::remove);
    }
}
