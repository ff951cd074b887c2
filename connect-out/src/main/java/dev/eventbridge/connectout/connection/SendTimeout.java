package dev.eventbridge.connectout.connection;

import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.connectout.send.SendWindow;
import java.time.Duration;
import java.util.List;

/**
 * Bounds how long a send may wait for the broker's confirmation ({@code send.timeout}): a broker that
 * keeps the connection but never confirms would otherwise hold the send's window slot for ever,
 * silently. A periodic sweep on the target's own thread rejects the sends older than the timeout;
 * each sweep costs one look at the oldest send plus one per send it rejects. A run of such rejects is
 * logged once as a WARN by {@link Answers}; a late confirmation finds the send gone and is ignored.
 */
final class SendTimeout {

    private static final long MIN_PERIOD_MS = 10;
    private static final long MAX_PERIOD_MS = 1000;

    private final long timeoutNanos;
    private final String reason;
    private final SendWindow window;
    private final Answers answers;

    SendTimeout(Duration timeout, SendWindow window, Answers answers) {
        this.timeoutNanos = timeout.toNanos();
        this.reason = "no confirmation from the broker within " + timeout.toMillis() + " ms (send.timeout)";
        this.window = window;
        this.answers = answers;
    }

    /** How often to sweep: a tenth of the timeout, between 10 ms and 1 s, so a reject comes at most that late. */
    long periodMillis() {
        return Math.max(MIN_PERIOD_MS, Math.min(MAX_PERIOD_MS, timeoutNanos / 10_000_000L));
    }

    /** Rejects every send unconfirmed for {@code send.timeout} or longer; says whether it rejected any. */
    boolean sweep() {
        List<EventDelivery> expired = window.expire(System.nanoTime() - timeoutNanos);
        for (EventDelivery delivery : expired) {
            answers.rejectUnconfirmed(delivery, reason);
        }
        return !expired.isEmpty();
    }
}
