package dev.eventbridge.core.dispatch;

import java.time.Duration;

/**
 * Tuning shared by all dispatchers. Retry pauses are per subscription ({@link dev.eventbridge.api.subscription.RetryPolicy}).
 *
 * @param pageSize how many events one read of the log fetches
 * @param idleRecheck how long an idle dispatcher waits before looking at the log again without a wake-up
 *     (only matters when another bridge instance appends to a shared store)
 * @param leaseTtl how long a subscription lease lasts when instances share the store; zero turns leases off
 */
public record DispatchSettings(int pageSize, Duration idleRecheck, Duration leaseTtl) {

    public DispatchSettings(int pageSize, Duration idleRecheck) {
        this(pageSize, idleRecheck, Duration.ZERO);
    }

    public static DispatchSettings defaults() {
        return new DispatchSettings(500, Duration.ofSeconds(1));
    }

    public boolean leases() {
        return !leaseTtl.isZero();
    }
}
