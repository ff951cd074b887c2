package dev.eventbridge.core.store;

import java.util.UUID;

/**
 * A held lease's fencing token: the subscription, the holder and the epoch the store gave it. Every
 * acquisition increments the epoch, so a token names one tenure; offset commits and dead letters
 * carrying it take effect only while that tenure lasts by the store's clock.
 */
public record LeaseToken(UUID subscriptionId, String owner, long epoch) {
}
