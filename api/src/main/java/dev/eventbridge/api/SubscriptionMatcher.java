package dev.eventbridge.api;

import dev.eventbridge.api.subscription.SubscriptionRef;

/** Decides whether a connection serves a subscription. Must be fast and side-effect free. */
@FunctionalInterface
public interface SubscriptionMatcher {

    /** True if the connection serves the subscription. */
    boolean matches(SubscriptionRef subscription);

    /** Matches every subscription of the plugin's transport. */
    static SubscriptionMatcher all() {
        return ref -> true;
    }

    /** Matches subscriptions whose name matches {@code nameRegex} and, if not null, whose namespace equals {@code namespace}. */
    static SubscriptionMatcher byName(String namespace, String nameRegex) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(nameRegex);
        return ref -> (namespace == null || namespace.equals(ref.namespace()))
                && pattern.matcher(ref.name()).matches();
    }
}
