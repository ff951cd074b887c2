package dev.eventbridge.core.metrics;

import java.time.Instant;

/**
 * A subscription's delivery status as this bridge instance sees it.
 *
 * @param committed      the committed offset
 * @param head           the newest sequence in the log
 * @param inFlight       deliveries awaiting the broker's answer
 * @param deliveries     deliveries started since this instance started, redeliveries included
 * @param acks           deliveries the broker acknowledged
 * @param rejects        deliveries rejected
 * @param deadLetters    events dead-lettered
 * @param ackRate        acks per second over the last 10 seconds
 * @param lastError      the last reject or dead-letter reason, or null
 * @param lastErrorTime  when it happened, or null
 */
public record SubscriptionStatus(long committed, long head, int inFlight, long deliveries, long acks, long rejects,
                                 long deadLetters, double ackRate, String lastError, Instant lastErrorTime) {

    /** Events in the log after the committed offset: {@code head - committed}, never negative. */
    public long lag() {
        return Math.max(0, head - committed);
    }
}
