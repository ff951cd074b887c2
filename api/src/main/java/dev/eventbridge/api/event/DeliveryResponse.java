package dev.eventbridge.api.event;

import dev.eventbridge.api.subscription.SubscriptionRef;
import java.util.Objects;
import java.util.UUID;

/**
 * A plugin's answer to a delivery.
 *
 * @param eventId the id of the delivered event
 * @param subscription the subscription it was delivered for; null only in a {@link #reply(UUID, Reply)}
 * @param rejected false for an ack, true for a reject
 * @param info why a delivery was rejected, for the log; may be null
 * @param reply for an ack, an optional reply to publish as a new event with cid = {@code eventId}
 * @param permanent for a reject, true when the delivery can never succeed (see {@link #rejectPermanently})
 */
public record DeliveryResponse(UUID eventId, SubscriptionRef subscription, boolean rejected, String info,
                               Reply reply, boolean permanent) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException without {@code eventId}
     * @throws IllegalArgumentException for a subscription-less answer other than a late reply, a rejected
     *     delivery with a reply, or a permanent answer that is not a reject
     */
    public DeliveryResponse {
        Objects.requireNonNull(eventId, "eventId");
        if (permanent && !rejected) {
            throw new IllegalArgumentException("only a reject can be permanent");
        }
        if (subscription == null && (rejected || reply == null)) {
            throw new IllegalArgumentException("only a late reply may omit the subscription");
        }
        if (rejected && reply != null) {
            throw new IllegalArgumentException("a rejected delivery cannot carry a reply");
        }
    }

    /** A response that is not a permanent reject; checked as the canonical constructor checks. */
    public DeliveryResponse(UUID eventId, SubscriptionRef subscription, boolean rejected, String info, Reply reply) {
        this(eventId, subscription, rejected, info, reply, false);
    }

    /** The target accepted the event. */
    public static DeliveryResponse ack(EventDelivery delivery) {
        return new DeliveryResponse(delivery.event().id(), delivery.subscription(), false, null, null);
    }

    /** The target accepted the event and answered it with {@code reply}. */
    public static DeliveryResponse ack(EventDelivery delivery, Reply reply) {
        return new DeliveryResponse(delivery.event().id(), delivery.subscription(), false, null, reply);
    }

    /**
     * A reply that arrived after the delivery was acked (typically from a broker's reply queue).
     * The core publishes it as a new event with cid = {@code eventId}, in the answered event's
     * namespace; no offset changes.
     */
    public static DeliveryResponse reply(UUID eventId, Reply reply) {
        return new DeliveryResponse(eventId, null, false, null, Objects.requireNonNull(reply, "reply"));
    }

    /** The delivery failed: the subscription rewinds to its committed offset and redelivers. */
    public static DeliveryResponse reject(EventDelivery delivery, String reason) {
        return new DeliveryResponse(delivery.event().id(), delivery.subscription(), true, reason, null);
    }

    /**
     * The delivery can never succeed (the message is too large for the broker, the destination is
     * invalid, the event cannot be mapped): the core dead-letters the event at once, whatever the
     * subscription's retry policy, with {@code reason}, and the events after it keep flowing. Use it
     * only for a failure that a redelivery cannot cure; connection loss, timeouts and refusals for
     * quota or flow control are plain {@link #reject rejects}. Any thread.
     */
    public static DeliveryResponse rejectPermanently(EventDelivery delivery, String reason) {
        return new DeliveryResponse(delivery.event().id(), delivery.subscription(), true, reason, null, true);
    }
}
