package dev.eventbridge.core.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one dispatcher's steps on a shared pool, one step at a time, so that a thousand idle
 * subscriptions need no thread each: a step runs when signalled (a new event, a broker's answer, a
 * stop) or when the delay the previous step asked for has passed, never otherwise. A step returns
 * the milliseconds until it must run again without a signal ({@link #AGAIN} to run again at once, as
 * a busy dispatcher does, behind the other subscriptions' steps; {@link #DONE} when finished). The
 * executor's hand-over orders each step after the previous one, so the dispatcher's state needs no
 * locks. Thread-safe.
 */
final class SerialRunner {

    /** Run the next step at once. */
    static final long AGAIN = 0;
    /** Finished: no further step. */
    static final long DONE = -1;

    private static final Logger LOG = LoggerFactory.getLogger(SerialRunner.class);

    private final ScheduledExecutorService pool;
    private final LongSupplier step;
    private final String name;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean signalled;
    private volatile boolean done;
    private volatile Thread running;
    private ScheduledFuture<?> timer; // guarded by this

    SerialRunner(ScheduledExecutorService pool, String name, LongSupplier step) {
        this.pool = pool;
        this.name = name;
        this.step = step;
    }

    /** Something changed: run a step soon. Any thread. */
    void signal() {
        signalled = true;
        submit();
    }

    /** Whether the calling thread is running this runner's step now. */
    boolean inStep() {
        return running == Thread.currentThread();
    }

    /** Waits up to {@code limit} for the last step; false if it is still running then. */
    boolean awaitDone(Duration limit) {
        try {
            finished.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    boolean done() {
        return done;
    }

    private void submit() {
        if (!done && queued.compareAndSet(false, true)) {
            try {
                pool.execute(this::run);
            } catch (RejectedExecutionException e) {
                queued.set(false); // the pool is shutting down
            }
        }
    }

    private void run() {
        long next;
        running = Thread.currentThread();
        try {
            signalled = false; // a signal from here on runs another step
            next = step.getAsLong();
        } catch (RuntimeException | Error e) {
            LOG.error("{}: a dispatch step failed; trying again in a second", name, e);
            next = 1000;
        } finally {
            running = null;
        }
        if (next < 0) {
            done = true;
            queued.set(false);
            cancelTimer();
            finished.complete(null);
            return;
        }
        queued.set(false);
        if (next == AGAIN || signalled) {
            submit();
            return;
        }
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
            }
            try {
                timer = pool.schedule(this::submit, next, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                timer = null; // the pool is shutting down
            }
        }
    }

    private synchronized void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
