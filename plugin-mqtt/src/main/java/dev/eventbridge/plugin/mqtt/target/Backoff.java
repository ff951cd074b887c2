package dev.eventbridge.plugin.mqtt.target;

import java.time.Duration;

/** Pauses between connection attempts: the initial delay, doubled after each failure up to the maximum. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max.compareTo(initial) < 0 ? initial : max;
        this.next = initial;
    }

    /** The pause before the next attempt; doubles the one after it. */
    Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** Starts over at the initial delay, after a successful connect. */
    void reset() {
        next = initial;
    }
}
