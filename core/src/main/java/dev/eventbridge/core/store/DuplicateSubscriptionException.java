package dev.eventbridge.core.store;

/** A subscription with that namespace and name exists already. */
public class DuplicateSubscriptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DuplicateSubscriptionException(String namespace, String name) {
        super("a subscription named '" + name + "' exists already in namespace '" + namespace + "'");
    }
}
