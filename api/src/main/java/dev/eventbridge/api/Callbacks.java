package dev.eventbridge.api;

import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;

/**
 * The core's side of the SPI, handed to a plugin in {@link Plugin#init}. Thread-safe: call from any
 * thread. No method throws into the plugin for a failure of the core; problems are logged.
 */
public interface Callbacks {

    /**
     * Declares that the connection {@code connId} is ready to serve every subscription of this
     * plugin's transport that {@code matcher} accepts. May be called again for the same id: the
     * set it serves is recomputed; new matches start delivering and lost matches stop. A
     * subscription matched by several connections is served by one of them at a time; the others
     * stand by and take over when it closes.
     */
    void registerConnection(String connId, SubscriptionMatcher matcher);

    /**
     * Creates a subscription that is not stored and lives as long as {@code connId}; it is served
     * by that connection only. Unless {@code options} say otherwise it starts at the newest event.
     *
     * @return the id of the new subscription
     * @throws InvalidOptionsException if the filter or options are not valid (for example a bad
     *     regular expression, or options the plugin's {@link Plugin#validateOptions} refuses)
     * @throws IllegalStateException if {@code connId} is not registered
     */
    java.util.UUID ephemeralSubscription(String connId, String namespace, SubscriptionFilter filter,
                                         SubscriptionOptions options) throws InvalidOptionsException;

    /**
     * Notifies that a connection has gone: its dispatchers stop, in-flight deliveries are left for
     * redelivery, its ephemeral subscriptions end, and its durable subscriptions move to another
     * matching connection if there is one. Calling it for an unknown id does nothing.
     */
    void connectionClosed(String connId);

    /**
     * Answers a delivery. An ack lets the subscription's committed offset move forward once every
     * earlier delivery is acked too, so an acked event may still be redelivered after a crash or a
     * later reject. A reject resets the subscription to its committed offset and everything after
     * it is redelivered in order. A {@link DeliveryResponse#rejectPermanently permanent} reject
     * dead-letters the event at once with its reason and does not rewind: the deliveries after it go
     * on and the offset moves past it once every earlier delivery is acked. A reply in an ack is published as a new event whose cid is the
     * answered event's id; a reply that arrives after the ack is sent on its own with
     * {@link DeliveryResponse#reply}. Acks and rejects for unknown deliveries or closed connections
     * are ignored.
     */
    void deliveryResponse(String connId, DeliveryResponse response);

    /**
     * Where the plugin reports what happens on connection {@code connId} (connects, refused log-ins,
     * failed sends). Call it once per connection id, for example when the connection object is made,
     * before it first connects; the same id gets the same meters. Any thread. Reports nothing by default.
     */
    default dev.eventbridge.api.metrics.ConnectionMetrics connectionMetrics(String connId) {
        return dev.eventbridge.api.metrics.ConnectionMetrics.NONE;
    }
}
