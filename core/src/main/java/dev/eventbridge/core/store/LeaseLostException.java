package dev.eventbridge.core.store;

/** A fenced write was refused: the token's tenure ended (expired by the store's clock, or taken over). */
public class LeaseLostException extends StoreException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(LeaseToken token) {
        super("the lease of subscription " + token.subscriptionId() + " (epoch " + token.epoch() + ") is no longer held", null);
    }
}
