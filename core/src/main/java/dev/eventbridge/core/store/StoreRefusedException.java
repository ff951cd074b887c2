package dev.eventbridge.core.store;

/** The store refused the data itself (a constraint or data error): retrying it unchanged fails again. */
public class StoreRefusedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
