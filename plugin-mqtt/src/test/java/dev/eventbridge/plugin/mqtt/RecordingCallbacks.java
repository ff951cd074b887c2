package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Stands in for the core: records what the plugin calls, in order. */
final class RecordingCallbacks implements Callbacks {

    final List<String> registered = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<DeliveryResponse> responses = new CopyOnWriteArrayList<>();
    private volatile Consumer<DeliveryResponse> onResponse = r -> { };

    /** Runs {@code hook} on the calling thread for each response, before it is recorded. */
    void onResponse(Consumer<DeliveryResponse> hook) {
        this.onResponse = hook;
    }

    @Override
    public void registerConnection(String connId, SubscriptionMatcher matcher) {
        registered.add(connId);
        events.add("registered " + connId);
    }

    @Override
    public UUID ephemeralSubscription(String connId, String namespace, SubscriptionFilter filter,
                                      SubscriptionOptions options) {
        throw new UnsupportedOperationException("connect-out plugins create no ephemeral subscriptions");
    }

    @Override
    public void connectionClosed(String connId) {
        closed.add(connId);
        events.add("closed " + connId);
    }

    @Override
    public void deliveryResponse(String connId, DeliveryResponse response) {
        onResponse.accept(response);
        responses.add(response);
    }

    List<DeliveryResponse> acks() {
        return responses.stream().filter(r -> !r.rejected() && r.subscription() != null).toList();
    }

    List<DeliveryResponse> rejects() {
        return responses.stream().filter(DeliveryResponse::rejected).toList();
    }

    List<DeliveryResponse> replies() {
        return responses.stream().filter(r -> r.subscription() == null).toList();
    }
}
