package dev.eventbridge.api.event;

import dev.eventbridge.api.subscription.SubscriptionRef;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One event offered to one subscription. Answer it with
 * {@link DeliveryResponse#ack(EventDelivery)} or {@link DeliveryResponse#reject(EventDelivery, String)}.
 *
 * @param event the event being delivered
 * @param subscription the subscription it is delivered for
 * @param attempt 1 for the first delivery of this event to this subscription in this process,
 *     higher for redeliveries after a reject
 * @param startBy a {@link System#nanoTime()} after which the plugin must not start sending this
 *     delivery but reject it (see {@link #mayStart()}); empty for no limit. Set when bridge instances
 *     share a store: past it, the subscription's lease may pass to another instance before the send
 *     reaches the broker, so a send queued in the plugin (behind a full window, on a sender thread,
 *     or in a process that was frozen) must not go out late.
 */
public record EventDelivery(Event event, SubscriptionRef subscription, int attempt, OptionalLong startBy) {

    public EventDelivery {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(startBy, "startBy");
    }

    /** A delivery with no start limit. */
    public EventDelivery(Event event, SubscriptionRef subscription, int attempt) {
        this(event, subscription, attempt, OptionalLong.empty());
    }

    /**
     * Whether a send of this delivery may start now: call it right before handing the message to
     * the broker's client, and reject the delivery when false. Any thread.
     */
    public boolean mayStart() {
        return startBy.isEmpty() || System.nanoTime() - startBy.getAsLong() < 0;
    }
}
