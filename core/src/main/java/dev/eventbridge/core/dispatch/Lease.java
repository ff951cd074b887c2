package dev.eventbridge.core.dispatch;

import dev.eventbridge.core.store.LeaseToken;

/**
 * The right to deliver a subscription when several bridge instances share one store. The store's
 * clock decides expiry; locally the lease is known to last {@link #remainingNanos(long)} on this
 * JVM's monotonic clock, counted from before the store was asked (so never longer than the store's
 * view). A dispatcher renews it, starts sends only while enough of it remains, and stops once it is
 * lost; its store writes carry the {@link #token()}, so they are refused once the tenure is over.
 */
public interface Lease {

    /** A lease that is always held: one instance, or an ephemeral subscription. */
    Lease ALWAYS = new Lease() {
        @Override
        public LeaseToken token() {
            return null;
        }

        @Override
        public long remainingNanos(long nanoTime) {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean renew() {
            return true;
        }

        @Override
        public void release() {
        }
    };

    /** The fencing token for the store's writes; null when there is no lease. */
    LeaseToken token();

    /** How long the lease surely lasts after {@code nanoTime} ({@link System#nanoTime()}); 0 or less once it may have ended. */
    long remainingNanos(long nanoTime);

    /** Extends the lease; false if it is over (expired or taken over). May throw if the store is down. */
    boolean renew();

    /** Gives the lease up after the dispatcher stopped and committed. */
    void release();
}
