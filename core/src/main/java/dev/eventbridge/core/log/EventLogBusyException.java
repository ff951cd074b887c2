package dev.eventbridge.core.log;

/** The log's queue of publishes waiting for the writer is full: the publisher should retry shortly. */
public final class EventLogBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EventLogBusyException(String message) {
        super(message, null, false, false);
    }
}
