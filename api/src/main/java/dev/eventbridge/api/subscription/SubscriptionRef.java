package dev.eventbridge.api.subscription;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a subscription: what a {@link dev.eventbridge.api.SubscriptionMatcher} sees.
 *
 * @param id the subscription id
 * @param namespace its namespace
 * @param name its name, unique within the namespace (ephemeral subscriptions use their id)
 */
public record SubscriptionRef(UUID id, String namespace, String name) {

    public SubscriptionRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return namespace + ":" + name;
    }
}
