package dev.eventbridge.core.dispatch;

import java.time.Duration;

/**
 * Tuning shared by all dispatchers.
 *
 * @param pageSize how many events one read of the log fetches
 * @param redeliveryDelay the pause before redelivering after a first reject; doubles per consecutive reject
 * @param redeliveryMaxDelay the longest such pause
 * @param idleRecheck how long an idle dispatcher waits before looking at the log again without a wake-up
 *     (only matters when another bridge instance appends to a shared store)
 */
public record DispatchSettings(int pageSize, Duration redeliveryDelay, Duration redeliveryMaxDelay, Duration idleRecheck) {

    public static DispatchSettings defaults() {
        return new DispatchSettings(500, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }
}
