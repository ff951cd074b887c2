package dev.eventbridge.api.subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * A stream of the log's events, filtered, delivered through one transport.
 *
 * @param ref id, namespace and name
 * @param transport the name of the plugin that serves it
 * @param filter which events it receives
 * @param options how they are delivered
 * @param ephemeral true if it lives with one connection and is never stored
 * @param created when it was created
 */
public record Subscription(SubscriptionRef ref, String transport, SubscriptionFilter filter,
                           SubscriptionOptions options, boolean ephemeral, Instant created) {

    public Subscription {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(transport, "transport");
        filter = filter == null ? SubscriptionFilter.ALL : filter;
        options = options == null ? SubscriptionOptions.defaults() : options;
        Objects.requireNonNull(created, "created");
    }

    @Override
    public String toString() {
        return ref + (ephemeral ? " (ephemeral)" : "");
    }
}
