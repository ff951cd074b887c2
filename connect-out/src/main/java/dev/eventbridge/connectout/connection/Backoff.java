package dev.eventbridge.connectout.connection;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pauses between connection attempts: the initial delay, doubled after each failure up to the
 * maximum, each spread by a random ±20% so that many bridges (or targets) cut off by one broker
 * restart do not all come back in the same instant. Not thread-safe: one connection's own thread
 * uses it.
 */
public final class Backoff {

    /** How far a pause may stray from its nominal value, as a fraction. */
    static final double JITTER = 0.2;

    private final Duration initial;
    private final Duration max;
    private Duration nominal;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the initial delay must be positive, was " + initial);
        }
        this.initial = initial;
        this.max = max.compareTo(initial) < 0 ? initial : max;
        this.nominal = initial;
    }

    /** The pause before the next attempt, with jitter, never above the maximum; doubles the one after it. */
    public Duration next() {
        Duration current = nominal;
        Duration doubled = current.multipliedBy(2);
        nominal = doubled.compareTo(max) > 0 ? max : doubled;
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        long millis = Math.max(1, Math.round(current.toMillis() * factor));
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** The longest pause, used at once after a refused log-in. */
    public Duration max() {
        return max;
    }

    /** Starts over at the initial delay, after a successful connect. */
    public void reset() {
        nominal = initial;
    }
}
