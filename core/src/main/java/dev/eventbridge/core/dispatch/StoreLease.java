package dev.eventbridge.core.dispatch;

import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.LeaseToken;
import java.time.Duration;

/**
 * A lease tenure in the shared store. Each renewal reads the monotonic clock before it asks the
 * store: the store sets expiry to its own now + ttl, and its now is no earlier than that reading,
 * so the local deadline (reading + ttl) never outlasts the store's.
 */
public final class StoreLease implements Lease {

    private final EventStore store;
    private final LeaseToken token;
    private final Duration ttl;
    private volatile long deadline;

    /**
     * @param askedAtNanos {@link System#nanoTime()} read before the store was asked for the lease
     */
    public StoreLease(EventStore store, LeaseToken token, Duration ttl, long askedAtNanos) {
        this.store = store;
        this.token = token;
        this.ttl = ttl;
        this.deadline = askedAtNanos + ttl.toNanos();
    }

    @Override
    public LeaseToken token() {
        return token;
    }

    @Override
    public long remainingNanos(long nanoTime) {
        return deadline - nanoTime;
    }

    @Override
    public boolean renew() {
        long asked = System.nanoTime();
        if (store.renewLease(token, ttl)) {
            deadline = asked + ttl.toNanos();
            return true;
        }
        deadline = asked;
        return false;
    }

    @Override
    public void release() {
        deadline = System.nanoTime();
        store.releaseLease(token);
    }
}
