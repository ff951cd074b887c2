package dev.eventbridge.core.dispatch;

import java.time.Duration;

/**
 * Tuning shared by all dispatchers. Retry pauses are per subscription ({@link dev.eventbridge.api.subscription.RetryPolicy}).
 *
 * @param pageSize how many events one read of the log fetches
 * @param idleRecheck how long an idle dispatcher waits before looking at the log again without a wake-up
 *     (only matters when another bridge instance appends to a shared store)
 * @param leaseTtl how long a subscription lease lasts when instances share the store; zero turns leases off
 * @param leaseMargin how much of the lease must remain for a dispatcher to start a send (covers the send's
 *     time to reach the broker); less than two thirds of the TTL, so renewals at a third keep sends flowing
 */
public record DispatchSettings(int pageSize, Duration idleRecheck, Duration leaseTtl, Duration leaseMargin) {

    public DispatchSettings {
        if (!leaseTtl.isZero() && leaseMargin.multipliedBy(3).compareTo(leaseTtl.multipliedBy(2)) >= 0) {
            throw new IllegalArgumentException("the lease margin (" + leaseMargin.toMillis() + " ms) must be less than two thirds of the lease TTL ("
                    + leaseTtl.toMillis() + " ms)");
        }
    }

    /** With the default margin, a third of the TTL. */
    public DispatchSettings(int pageSize, Duration idleRecheck, Duration leaseTtl) {
        this(pageSize, idleRecheck, leaseTtl, leaseTtl.dividedBy(3));
    }

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
