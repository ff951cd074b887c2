package dev.eventbridge.core.dispatch;

/**
 * The right to deliver a subscription when several bridge instances share one store. A dispatcher
 * renews it as it runs and stops if it is lost, so two instances never deliver one subscription
 * at once.
 */
public interface Lease {

    /** A lease that is always held: one instance, or an ephemeral subscription. */
    Lease ALWAYS = new Lease() {
        @Override
        public boolean renew() {
            return true;
        }

        @Override
        public void release() {
        }
    };

    /** Extends the lease; false if another instance holds it now. May throw if the store is down. */
    boolean renew();

    /** Gives the lease up after the dispatcher stopped and committed. */
    void release();
}
