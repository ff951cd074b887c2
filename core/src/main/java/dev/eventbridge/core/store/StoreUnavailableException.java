package dev.eventbridge.core.store;

/** The store could not be reached (connection refused or lost, pool timed out): nothing about the data. */
public class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
