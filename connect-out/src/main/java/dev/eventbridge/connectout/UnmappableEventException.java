package dev.eventbridge.connectout;

/**
 * An event that cannot become a broker message (an attribute the wire cannot carry, data the mapping
 * cannot encode). A plugin's mapper throws it from the send; the kit answers the delivery as a
 * {@link dev.eventbridge.api.event.DeliveryResponse#rejectPermanently permanent} reject, since
 * redelivering the same event cannot succeed.
 */
public class UnmappableEventException extends RuntimeException {

    /** @param message why the event cannot be mapped, naming the attribute */
    public UnmappableEventException(String message) {
        super(message);
    }

    /** @param message why the event cannot be mapped; @param cause what the mapping threw */
    public UnmappableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
