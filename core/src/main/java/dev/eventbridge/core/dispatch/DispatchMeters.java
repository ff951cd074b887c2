package dev.eventbridge.core.dispatch;

import java.time.Instant;

/**
 * What a {@link Dispatcher} reports about its subscription for metrics and status. Called on the
 * dispatcher's thread only; each call must be cheap and must not throw.
 */
public interface DispatchMeters {

    /** Reports nothing. */
    DispatchMeters NONE = new DispatchMeters() {
    };

    /** A delivery started; {@code redelivery} when the event was delivered before. */
    default void delivered(boolean redelivery) {
    }

    /**
     * A delivery was acked by the broker.
     *
     * @param sentNanos when the delivery started ({@link System#nanoTime})
     * @param created   when the event was stored
     */
    default void acked(long sentNanos, Instant created) {
    }

    /** A delivery was rejected with {@code reason}. */
    default void rejected(String reason) {
    }

    /** An event was dead-lettered with {@code reason}. */
    default void deadLettered(String reason) {
    }

    /** A dead letter was not accepted by the broker ({@code reason}); the subscription stays at it. */
    default void deadLetterRefused(String reason) {
    }

    /** The committed offset is now {@code offset}. */
    default void committed(long offset) {
    }

    /** Deliveries awaiting an answer now. */
    default void inFlight(int count) {
    }
}
