package dev.eventbridge.bench.store;

import java.nio.file.Path;
import java.util.SplittableRandom;
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
 * (c) A dispatcher's read: 500 events after a sequence (every column and the data), the start picked
 * at random in a log of {@link #LOG} events appended beforehand in groups of 500; events/s. The log
 * (20 MB) fits in the page cache: this measures the store's read path, not the disk.
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreReadBenchmark {

    static final int LOG = 20_000;
    static final int PAGE = 500;

    @Param({"h2-bridge", "h2-lean", "sqlite", "rocksdb"})
    public String store;

    private Path dir;
    private Candidate candidate;
    private final SplittableRandom random = new SplittableRandom(12);

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Workspace.fresh(store);
        candidate = Candidate.open(store, dir);
        Events events = new Events();
        for (int i = 0; i < LOG / PAGE; i++) {
            candidate.append(events.group(PAGE));
        }
        if (candidate instanceof RocksDbCandidate rocks) {
            rocks.flush(); // read from SST files as for an older log, not from the memtable
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try {
            candidate.close();
        } finally {
            Workspace.delete(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PAGE)
    public long readPageOf500() throws Exception {
        return candidate.readAfter(random.nextInt(LOG - PAGE + 1), PAGE);
    }
}
