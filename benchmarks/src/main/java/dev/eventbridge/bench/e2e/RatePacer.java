package dev.eventbridge.bench.e2e;

import java.util.concurrent.locks.LockSupport;

/** Paces a loop at a fixed rate against an absolute schedule, so that a late step does not shift the ones after it. */
public final class RatePacer {

    private final long periodNanos;
    private long start;
    private long maxLateNanos;

    public RatePacer(int perSecond) {
        this.periodNanos = 1_000_000_000L / perSecond;
    }

    /** Waits until step {@code i} is due (step 0 starts the schedule). */
    public void awaitStep(long i) {
        if (i == 0) {
            start = System.nanoTime();
            return;
        }
        long due = start + i * periodNanos;
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
        }
        maxLateNanos = Math.max(maxLateNanos, now - due);
    }

    /** The rate actually offered over {@code steps} steps, per second. */
    public double achievedRate(long steps) {
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    public long maxLateNanos() {
        return maxLateNanos;
    }
}
