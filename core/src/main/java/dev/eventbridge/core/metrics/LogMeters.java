package dev.eventbridge.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The event log's meters: events appended (by namespace), the size of each group commit and its
 * time, and the head sequence. Recorded on the log writer's thread.
 */
public final class LogMeters {

    private final MeterRegistry registry;
    private final Map<String, Counter> appended = new ConcurrentHashMap<>();
    private final DistributionSummary groupSize;
    private final Timer commitTime;

    LogMeters(MeterRegistry registry, LongSupplier head) {
        this.registry = registry;
        Gauge.builder("eventbridge.log.head", head, LongSupplier::getAsLong)
                .description("The newest sequence in the event log").baseUnit("sequence").strongReference(true).register(registry);
        groupSize = DistributionSummary.builder("eventbridge.log.append.group")
                .description("Events stored by one group commit").baseUnit("events")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000).register(registry);
        commitTime = Timer.builder("eventbridge.log.commit")
                .description("Time of one group commit to the store, sync included")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    /** One group commit stored {@code events} events in {@code nanos}. */
    public void committed(int events, long nanos) {
        groupSize.record(events);
        commitTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code count} events of {@code namespace} were appended. */
    public void appended(String namespace, int count) {
        appended.computeIfAbsent(namespace, ns -> Counter.builder("eventbridge.log.events.appended")
                .description("Events appended to the log").tag("namespace", ns).register(registry)).increment(count);
    }
}
