package dev.eventbridge.tck;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Stands in for the core: records what the plugin calls, in order. Thread-safe. */
public final class RecordingCallbacks implements Callbacks {

    /** Connection ids, once per registerConnection call. */
    public final List<String> registered = new CopyOnWriteArrayList<>();
    /** Connection ids, once per connectionClosed call. */
    public final List<String> closed = new CopyOnWriteArrayList<>();
    /** Every response, in the order they came. */
    public final List<DeliveryResponse> responses = new CopyOnWriteArrayList<>();
    /** The latest matcher registered for each connection id. */
    public final Map<String, SubscriptionMatcher> matchers = new ConcurrentHashMap<>();
    private volatile Consumer<DeliveryResponse> onResponse = r -> { };

    /** Runs {@code hook} on the calling thread for each response, before it is recorded. */
    public void onResponse(Consumer<DeliveryResponse> hook) {
        this.onResponse = hook;
    }

    @Override
    public void registerConnection(String connId, SubscriptionMatcher matcher) {
        matchers.put(connId, matcher);
        registered.add(connId);
    }

    @Override
    public UUID ephemeralSubscription(String connId, String namespace, SubscriptionFilter filter,
                                      SubscriptionOptions options) {
        throw new UnsupportedOperationException("connect-out plugins create no ephemeral subscriptions");
    }

    @Override
    public void connectionClosed(String connId) {
        closed.add(connId);
    }

    @Override
    public void deliveryResponse(String connId, DeliveryResponse response) {
        onResponse.accept(response);
        responses.add(response);
    }

    /** Acks of deliveries, in order. */
    public List<DeliveryResponse> acks() {
        return responses.stream().filter(r -> !r.rejected() && r.subscription() != null).toList();
    }

    /** Rejects, in order. */
    public List<DeliveryResponse> rejects() {
        return responses.stream().filter(DeliveryResponse::rejected).toList();
    }

    /** Late replies (responses without a subscription), in order. */
    public List<DeliveryResponse> replies() {
        return responses.stream().filter(r -> r.subscription() == null).toList();
    }
}
