package dev.eventbridge.core.store;

/**
 * The store is down ({@link EventStore#health()}), so the write was not even tried: nothing was
 * stored. Writes work again once the store's own probe finds it up, within about a second.
 */
public class StoreDownException extends StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    public StoreDownException(String message) {
        super(message, null);
    }
}
