package dev.eventbridge.bench.micro;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.core.dispatch.OffsetTracker;
import dev.eventbridge.core.filter.EventFilter;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a dispatcher does per event besides I/O: match the filter, track the delivery, ack it.
 * Run with {@code java -cp benchmarks/target/eventbridge-benchmarks-*.jar:benchmarks/target/lib/* org.openjdk.jmh.Main}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchHotPathBenchmark {

    @Param({"0", "100", "1000"})
    public int readAhead;

    private OffsetTracker tracker;
    private long sequence;
    private EventFilter filter;
    private Event event;

    @Setup
    public void setUp() throws Exception {
        tracker = new OffsetTracker(0);
        sequence = 0;
        for (int i = 0; i < readAhead; i++) {
            tracker.delivered(++sequence);
        }
        filter = EventFilter.compile("default", new SubscriptionFilter("order\\.(created|paid)", "eu-.*", null));
        event = new Event(UUID.randomUUID(), 1, "default", "order.paid", "eu-west", null, null, Instant.now());
    }

    /** Deliver one, ack the oldest in flight: the steady state of a subscription with this read-ahead. */
    @Benchmark
    public long trackDeliveryAndAck() {
        tracker.delivered(++sequence);
        tracker.ack(sequence - readAhead);
        return tracker.committable();
    }

    @Benchmark
    public boolean matchFilter() {
        return filter.test(event);
    }
}
