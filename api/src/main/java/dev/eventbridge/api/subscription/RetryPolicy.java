package dev.eventbridge.api.subscription;

import java.time.Duration;
import java.util.Objects;

/**
 * What a subscription does with a rejected delivery: wait, then rewind and redeliver; after
 * {@code maxAttempts} deliveries of the same event, dead-letter it (record it with the reason,
 * visible through the HTTP API) and move on. The event is never silently dropped.
 *
 * @param maxAttempts deliveries of one event before it is dead-lettered; 0 retries for ever
 * @param initialBackoff the pause before the first redelivery
 * @param multiplier how much the pause grows with each further attempt of the same event
 * @param maxBackoff the longest pause
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("retry maxAttempts must be 0 (for ever) or more, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoffs must not be negative");
        }
        if (!(multiplier >= 1.0) || multiplier > 100) {
            throw new IllegalArgumentException("retry multiplier must be between 1 and 100, was " + multiplier);
        }
    }

    /** Retry for ever, from 100 ms doubling up to 10 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(0, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10));
    }

    /** The pause before delivering an event for the {@code attempt}-th time (attempt 2 is the first redelivery). */
    public Duration backoff(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
