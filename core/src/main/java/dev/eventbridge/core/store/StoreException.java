package dev.eventbridge.core.store;

/** The store failed (database unreachable, disk full): the operation did not take effect. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
