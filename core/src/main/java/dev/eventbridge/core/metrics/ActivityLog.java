package dev.eventbridge.core.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}, one INFO line per subscription that delivered something since the last
 * one (acks, rate, lag, in flight, rejects, dead letters): what an operator reads at INFO instead of
 * a line per event. Idle subscriptions write nothing.
 */
public final class ActivityLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.eventbridge.core.activity");

    private final BridgeMetrics metrics;
    private final Duration interval;
    private final Map<UUID, long[]> last = new HashMap<>();

    private ActivityLog(BridgeMetrics metrics, Duration interval) {
        this.metrics = metrics;
        this.interval = interval;
    }

    /** Starts writing the summary every {@code interval} on {@code scheduler}; a zero interval writes none. */
    public static void start(BridgeMetrics metrics, Duration interval, ScheduledExecutorService scheduler) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        ActivityLog log = new ActivityLog(metrics, interval);
        scheduler.scheduleWithFixedDelay(log::summarize, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void summarize() {
        try {
            Map<UUID, SubscriptionMeters> all = metrics.subscriptions();
            last.keySet().retainAll(all.keySet());
            all.forEach((id, m) -> {
                SubscriptionStatus s = m.status();
                long[] before = last.getOrDefault(id, new long[3]);
                long acks = s.acks() - before[0];
                long rejects = s.rejects() - before[1];
                long dead = s.deadLetters() - before[2];
                last.put(id, new long[] {s.acks(), s.rejects(), s.deadLetters()});
                if (acks > 0 || rejects > 0 || dead > 0) {
                    LOG.info("Subscription {}: {} delivered in the last {} s ({} per second), lag {}, in flight {}, {} rejected, {} dead-lettered",
                            m.ref(), acks, interval.toSeconds(), String.format("%.1f", acks / (double) Math.max(1, interval.toSeconds())),
                            s.lag(), s.inFlight(), rejects, dead);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not write the activity summary: {}", e.toString()); // and runs again: a throw would cancel it
        }
    }
}
