package dev.eventbridge.api.subscription;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a subscription is delivered. Immutable; the {@code with*} methods return adjusted copies.
 *
 * @param firstEvent where a new subscription starts
 * @param readAhead how many deliveries may be in flight beyond the first; 0 is strictly one at a time
 * @param withData whether deliveries carry the event's data
 * @param batch whether deliveries are grouped (only for plugins with batch capability)
 * @param batchSize the most deliveries in one batch
 * @param batchTimeout how long a partial batch may wait to fill once the subscription is busy
 * @param plugin plugin-specific options, validated by the serving plugin
 * @param retry what happens to rejected deliveries
 */
public record SubscriptionOptions(FirstEvent firstEvent, int readAhead, boolean withData, boolean batch,
                                  int batchSize, Duration batchTimeout, Map<String, String> plugin, RetryPolicy retry) {

    /** The most read-ahead a subscription may ask for. */
    public static final int MAX_READ_AHEAD = 65_535;

    public SubscriptionOptions {
        Objects.requireNonNull(firstEvent, "firstEvent");
        if (readAhead < 0 || readAhead > MAX_READ_AHEAD) {
            throw new IllegalArgumentException("readAhead must be between 0 and " + MAX_READ_AHEAD + ", was " + readAhead);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, was " + batchSize);
        }
        batchTimeout = batchTimeout == null ? Duration.ofMillis(50) : batchTimeout;
        if (batchTimeout.isNegative()) {
            throw new IllegalArgumentException("batchTimeout must not be negative, was " + batchTimeout);
        }
        plugin = Map.copyOf(plugin == null ? Map.of() : plugin);
        retry = retry == null ? RetryPolicy.defaults() : retry;
    }

    /** Options with the default retry policy. */
    public SubscriptionOptions(FirstEvent firstEvent, int readAhead, boolean withData, boolean batch, int batchSize,
                               Duration batchTimeout, Map<String, String> plugin) {
        this(firstEvent, readAhead, withData, batch, batchSize, batchTimeout, plugin, RetryPolicy.defaults());
    }

    /** Start at the newest event, one delivery in flight, with data, no batching. */
    public static SubscriptionOptions defaults() {
        return new SubscriptionOptions(FirstEvent.NEWEST, 0, true, false, 50, Duration.ofMillis(50), Map.of());
    }

    public SubscriptionOptions withFirstEvent(FirstEvent value) {
        return new SubscriptionOptions(value, readAhead, withData, batch, batchSize, batchTimeout, plugin, retry);
    }

    public SubscriptionOptions withReadAhead(int value) {
        return new SubscriptionOptions(firstEvent, value, withData, batch, batchSize, batchTimeout, plugin, retry);
    }

    public SubscriptionOptions withData(boolean value) {
        return new SubscriptionOptions(firstEvent, readAhead, value, batch, batchSize, batchTimeout, plugin, retry);
    }

    public SubscriptionOptions withBatch(boolean value, int size, Duration timeout) {
        return new SubscriptionOptions(firstEvent, readAhead, withData, value, size, timeout, plugin, retry);
    }

    public SubscriptionOptions withPlugin(Map<String, String> value) {
        return new SubscriptionOptions(firstEvent, readAhead, withData, batch, batchSize, batchTimeout, value, retry);
    }

    public SubscriptionOptions withRetry(RetryPolicy value) {
        return new SubscriptionOptions(firstEvent, readAhead, withData, batch, batchSize, batchTimeout, plugin, value);
    }
}
