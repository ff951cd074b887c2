package dev.eventbridge.core.dispatch;

import dev.eventbridge.core.store.StoredEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dead letters one dispatcher has handed to its plugin for the broker's dead-letter destination
 * ({@link dev.eventbridge.api.Plugin#deadLetterRequest}) and not yet seen accepted. Each stays in
 * flight, so the offset cannot pass it, until the broker accepts it; one the broker did not accept
 * waits {@code retryPause} and is handed over again. Not thread-safe: owned by the dispatcher thread.
 */
final class DeadLetterSends {

    /** An event on its way to the dead-letter destination. */
    record Pending(StoredEvent event, int attempts, String reason) {
    }

    private record Retry(long dueNanos, Pending pending) {
    }

    private final Map<UUID, Pending> sending = new HashMap<>();
    private final ArrayDeque<Retry> retries = new ArrayDeque<>();

    /** {@code pending} was handed to the plugin: its answer decides. */
    void sent(Pending pending) {
        sending.put(pending.event().event().id(), pending);
    }

    /** The dead letter an answer for {@code eventId} is about, removed; null when the answer is a delivery's. */
    Pending answered(UUID eventId) {
        return sending.remove(eventId);
    }

    /** {@code pending} was not accepted: it is handed over again at {@code dueNanos} ({@link System#nanoTime}). */
    void retryAt(long dueNanos, Pending pending) {
        retries.addLast(new Retry(dueNanos, pending)); // one pause for all, so the queue stays in due order
    }

    /** Removes and returns the dead letters due again by {@code now}, oldest first. */
    List<Pending> due(long now) {
        if (retries.isEmpty() || retries.peekFirst().dueNanos() - now > 0) {
            return List.of();
        }
        List<Pending> due = new java.util.ArrayList<>();
        while (!retries.isEmpty() && retries.peekFirst().dueNanos() - now <= 0) {
            due.add(retries.pollFirst().pending());
        }
        return due;
    }

    /** Milliseconds until the next retry is due, at least 1; {@link Long#MAX_VALUE} when none waits. */
    long dueInMillis(long now) {
        return retries.isEmpty() ? Long.MAX_VALUE : Math.max(1, (retries.peekFirst().dueNanos() - now) / 1_000_000);
    }

    /** Forgets everything (a rewind redelivers these events from the committed offset). */
    void clear() {
        sending.clear();
        retries.clear();
    }
}
