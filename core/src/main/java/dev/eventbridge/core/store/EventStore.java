package dev.eventbridge.core.store;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Everything the engine keeps durably. Implementations are thread-safe and make each call atomic;
 * several bridge instances may share one store, so sequences are assigned by the store.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Appends events in one transaction, giving them consecutive sequences after the current last
     * one, in the order given.
     *
     * @return the stored events, in order
     */
    List<Event> append(List<NewEvent> events);

    /**
     * Up to {@code limit} events with sequence greater than {@code afterSequence}, in order.
     *
     * @param withData whether to load each event's data (null in the result otherwise)
     */
    List<StoredEvent> readAfter(long afterSequence, int limit, boolean withData);

    /** One event with its data. */
    Optional<StoredEvent> event(UUID id);

    /** The sequence of the newest event, 0 for an empty log. */
    long lastSequence();

    /**
     * Stores a new durable subscription with its initial committed offset.
     *
     * @throws DuplicateSubscriptionException if the namespace already has a subscription of that name
     */
    void createSubscription(Subscription subscription, long initialOffset);

    /**
     * Stores a subscription unless its namespace already has one of that name; returns the stored
     * one either way. Instances declaring one subscription at the same time all succeed.
     */
    Subscription createSubscriptionIfAbsent(Subscription subscription, long initialOffset);

    List<Subscription> subscriptions();

    Optional<Subscription> subscription(UUID id);

    /** Deletes a subscription and its offset; false if there was none. */
    boolean deleteSubscription(UUID id);

    /** The committed offset: every matching event up to and including it has been acknowledged. */
    OptionalLong committedOffset(UUID subscriptionId);

    /** Records the committed offset; it never moves backwards. */
    void commitOffset(UUID subscriptionId, long sequence);

    /** Records that a subscription dead-lettered an event. */
    void deadLetter(DeadLetter deadLetter);

    /** A subscription's dead letters, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(UUID subscriptionId, int limit);

    /**
     * Takes or renews the lease that lets one bridge instance deliver a subscription when several
     * share this store: succeeds if nobody holds it, {@code owner} holds it, or the holder's lease
     * expired. Guarantee: at most one owner holds an unexpired lease.
     *
     * @return true if {@code owner} now holds the lease until {@code now + ttl}
     */
    boolean acquireLease(UUID subscriptionId, String owner, java.time.Instant now, java.time.Duration ttl);

    /** Gives up a lease held by {@code owner}, so another instance can take over at once. */
    void releaseLease(UUID subscriptionId, String owner);

    @Override
    void close();
}
