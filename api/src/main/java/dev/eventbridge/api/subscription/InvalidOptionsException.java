package dev.eventbridge.api.subscription;

/** A subscription's filter or options are not acceptable; the message names the option and why. */
public class InvalidOptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidOptionsException(String message) {
        super(message);
    }
}
