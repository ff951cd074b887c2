package dev.eventbridge.api.event;

import dev.eventbridge.api.subscription.SubscriptionRef;
import java.util.Objects;

/**
 * One event offered to one subscription. Answer it with
 * {@link DeliveryResponse#ack(EventDelivery)} or {@link DeliveryResponse#reject(EventDelivery, String)}.
 *
 * @param event the event being delivered
 * @param subscription the subscription it is delivered for
 * @param attempt 1 for the first delivery of this event to this subscription in this process,
 *     higher for redeliveries after a reject
 */
public record EventDelivery(Event event, SubscriptionRef subscription, int attempt) {

    public EventDelivery {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(subscription, "subscription");
    }
}
