package dev.eventbridge.bench.store;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The log writer's appends, one thread (the bridge has one log writer), each candidate in a fresh
 * directory: (a) groups of 500 events of 1 KiB with one sync per group, in events/s; (b) groups of
 * one event, the latency of a single publish's append (SampleTime: average and percentiles).
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreAppendBenchmark {

    @Param({"h2-bridge", "h2-lean", "sqlite", "rocksdb"})
    public String store;

    private Path dir;
    private Candidate candidate;
    private final Events events = new Events();

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Workspace.fresh(store);
        candidate = Candidate.open(store, dir);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try {
            candidate.close();
        } finally {
            Workspace.delete(dir);
        }
    }

    /** (a) One group of 500 events, one transaction, one sync; the score is events/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(500)
    public long appendGroupOf500() throws Exception {
        return candidate.append(events.group(500));
    }

    /** (b) One event, one transaction, one sync: a single publish's time in the store. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long appendGroupOf1() throws Exception {
        return candidate.append(events.group(1));
    }
}
