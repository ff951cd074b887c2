package dev.eventbridge.core.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event a subscription gave up on, after its retry policy ran out or at once for a permanent
 * failure; the subscription moved past it.
 *
 * @param attempts how many times it was delivered
 * @param reason the last reject's reason
 */
public record DeadLetter(UUID subscriptionId, long sequence, UUID eventId, int attempts, String reason, Instant time) {
}
