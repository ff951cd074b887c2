package dev.eventbridge.core.dispatch;

import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.LeaseToken;
import java.time.Duration;

/**
 * A lease tenure in the shared store. Each renewal reads the clocks before it asks the store: the
 * store sets expiry to its own now + ttl, and its now is no earlier than that reading, so a local
 * deadline of reading + ttl never outlasts the store's. Elapsed time is the larger of the
 * monotonic clock's and the wall clock's: the monotonic clock runs on while the process is stopped
 * (SIGSTOP, a long GC pause) but not while the machine is suspended, when the wall clock jumps; a
 * wall clock stepped backwards is ignored.
 */
public final class StoreLease implements Lease {

    private final EventStore store;
    private final LeaseToken token;
    private final Duration ttl;
    /** The readings before the last successful ask: System.nanoTime and System.currentTimeMillis. */
    private volatile long askedNanos;
    private volatile long askedMillis;
    private volatile boolean over;

    /**
     * @param askedAtNanos {@link System#nanoTime()} read before the store was asked for the lease
     */
    public StoreLease(EventStore store, LeaseToken token, Duration ttl, long askedAtNanos) {
        this.store = store;
        this.token = token;
        this.ttl = ttl;
        this.askedNanos = askedAtNanos;
        this.askedMillis = System.currentTimeMillis() - Duration.ofNanos(System.nanoTime() - askedAtNanos).toMillis();
    }

    @Override
    public LeaseToken token() {
        return token;
    }

    @Override
    public long remainingNanos(long nanoTime) {
        if (over) {
            return 0;
        }
        long monotonic = nanoTime - askedNanos;
        long wall = (System.currentTimeMillis() - askedMillis) * 1_000_000;
        return ttl.toNanos() - Math.max(monotonic, wall);
    }

    @Override
    public boolean renew() {
        long nanos = System.nanoTime();
        long millis = System.currentTimeMillis();
        if (store.renewLease(token, ttl)) {
            askedNanos = nanos;
            askedMillis = millis;
            return true;
        }
        over = true;
        return false;
    }

    @Override
    public void release() {
        over = true;
        store.releaseLease(token);
    }
}
