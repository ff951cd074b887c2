package dev.eventbridge.core.engine;

import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.dispatch.DispatchSettings;
import dev.eventbridge.core.dispatch.Lease;
import dev.eventbridge.core.dispatch.StoreLease;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.LeaseAttempt;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of sharing a store: takes a subscription's lease before its dispatcher starts,
 * and when another instance holds it, reconciles again just after that lease runs out by the
 * store's clock (as the store reported it), so a takeover happens within the lease TTL rather than
 * at the next periodic refresh. Coordinator thread only.
 */
final class Leasing {

    private static final Logger LOG = LoggerFactory.getLogger(Leasing.class);
    /** Added to the holder's remaining time before trying again. */
    private static final Duration SLACK = Duration.ofMillis(20);

    private final EventStore store;
    private final DispatchSettings settings;
    private final String instanceId;
    private final ScheduledExecutorService coordinator;
    private final Runnable reconcile;
    /** When a retry is scheduled (System.nanoTime), 0 if none. */
    private long retryAt;

    Leasing(EventStore store, DispatchSettings settings, String instanceId, ScheduledExecutorService coordinator, Runnable reconcile) {
        this.store = store;
        this.settings = settings;
        this.instanceId = instanceId;
        this.coordinator = coordinator;
        this.reconcile = reconcile;
    }

    /** The lease for a new dispatcher of {@code s}; null if another instance holds it or the store failed (a retry is scheduled). */
    Lease take(Subscription s) {
        long asked = System.nanoTime(); // before the store is asked: the local deadline never outlasts the store's
        try {
            LeaseAttempt attempt = store.acquireLease(s.ref().id(), instanceId, settings.leaseTtl());
            if (!attempt.taken()) {
                LOG.debug("Subscription {} is delivered by another bridge instance for {} ms more", s.ref(), attempt.heldByAnotherFor().toMillis());
                retryIn(attempt.heldByAnotherFor());
                return null;
            }
            LOG.info("Subscription {} leased to this instance (epoch {})", s.ref(), attempt.token().epoch());
            return new StoreLease(store, attempt.token(), settings.leaseTtl(), asked);
        } catch (RuntimeException e) {
            LOG.warn("Cannot take the lease of subscription {}: {}", s.ref(), e.getMessage());
            retryIn(settings.leaseTtl().dividedBy(10));
            return null;
        }
    }

    private void retryIn(Duration delay) {
        long now = System.nanoTime();
        long at = now + delay.toNanos() + SLACK.toNanos();
        if (retryAt != 0 && retryAt - at <= 0 && retryAt - now > 0) {
            return; // one is scheduled sooner
        }
        retryAt = at;
        try {
            coordinator.schedule(() -> {
                if (retryAt == at) {
                    retryAt = 0;
                }
                reconcile.run();
            }, at - now, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            retryAt = 0; // the engine is closing
        }
    }
}
