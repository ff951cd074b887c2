package dev.eventbridge.core.dispatch;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dispatcher's lease, on the dispatcher's thread, whatever else fails: renews a third of
 * the TTL after the last renewal (a tenth when the store is failing), allows a send to start only
 * while more than the safety margin remains, and reports the lease lost once the store says so or
 * the local deadline passes.
 */
final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Lease lease;
    private final boolean active;
    private final long ttl;
    private final long margin;
    private final String name;
    private long nextRenewal;
    private boolean failing;

    LeaseKeeper(Lease lease, DispatchSettings settings, String name) {
        this.lease = lease;
        this.active = settings.leases() && lease.token() != null;
        this.ttl = settings.leaseTtl().toNanos();
        this.margin = settings.leaseMargin().toNanos();
        this.name = name;
        this.nextRenewal = System.nanoTime() + ttl / 3;
    }

    /** Renews when due; false once the lease is lost or may have run out (the dispatcher must stop). */
    boolean keep(long now) {
        if (!active) {
            return true;
        }
        if (now - nextRenewal >= 0) {
            try {
                if (!lease.renew()) {
                    LOG.warn("Dispatcher {} lost its lease (epoch {}) to another bridge instance; stopping", name, lease.token().epoch());
                    return false;
                }
                if (failing) {
                    LOG.info("Dispatcher {} renewed its lease again", name);
                }
                failing = false;
                nextRenewal = now + ttl / 3;
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("Dispatcher {} cannot renew its lease ({}); no new sends once {} ms or less remain, stopping when it runs out",
                            name, e.getMessage(), Duration.ofNanos(margin).toMillis());
                }
                failing = true;
                nextRenewal = now + ttl / 10;
            }
        }
        if (lease.remainingNanos(System.nanoTime()) <= 0) {
            LOG.warn("Dispatcher {} could not renew its lease in time; stopping (another instance may take over)", name);
            return false;
        }
        return true;
    }

    /** Whether a send may start now: more than the margin of the lease remains. */
    boolean maySend() {
        return !active || lease.remainingNanos(System.nanoTime()) > margin;
    }

    /** At most how long to wait before {@link #keep} is due again: the next renewal, or the lease's end. */
    long dueInMillis(long now) {
        if (!active) {
            return Long.MAX_VALUE;
        }
        long until = Math.min(nextRenewal - now, lease.remainingNanos(now));
        return Math.max(1, until / 1_000_000 + 1);
    }
}
