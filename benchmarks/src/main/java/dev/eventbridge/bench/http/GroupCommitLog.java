package dev.eventbridge.bench.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The stand-in for the bridge's event log: one writer thread takes every append queued since its last
 * commit, "commits" them as one group (a simulated fsync of {@code commitNanos}, or none), and completes
 * each append's future on the writer thread. Whatever a server chains on the future runs there, so it
 * must only hand the response back to the server's own threads.
 */
final class GroupCommitLog implements AutoCloseable {

    private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final long commitNanos;
    private final Thread writer;
    private final LongAdder groups = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private volatile boolean running = true;
    private long nextOffset;

    private record Append(int bytes, CompletableFuture<Long> done) {
    }

    GroupCommitLog(long commitNanos) {
        this.commitNanos = commitNanos;
        this.writer = new Thread(this::run, "log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues one event of {@code bytes} bytes; the future completes with its offset once its group is committed. */
    CompletableFuture<Long> append(int bytes) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new Append(bytes, done));
        return done;
    }

    /** Appends committed and groups committed since the last call (resets both). */
    long[] takeCounts() {
        return new long[] {appends.sumThenReset(), groups.sumThenReset()};
    }

    private void run() {
        List<Append> group = new ArrayList<>(1024);
        while (running) {
            try {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, 4095);
                if (commitNanos > 0) {
                    LockSupport.parkNanos(commitNanos);
                }
                for (Append a : group) {
                    a.done().complete(nextOffset++);
                }
                appends.add(group.size());
                groups.increment();
                group.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        Append a;
        while ((a = queue.poll()) != null) {
            a.done().completeExceptionally(new IllegalStateException("log closed"));
        }
    }
}
