package dev.eventbridge.core.store;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.Subscription;
import java.time.Duration;
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

    /** Records the committed offset; it never moves backwards. Unfenced: for a store no other instance delivers from. */
    void commitOffset(UUID subscriptionId, long sequence);

    /**
     * Records the committed offset if {@code fence}'s lease tenure lasts by the store's clock; it never
     * moves backwards.
     *
     * @throws LeaseLostException if the tenure is over (expired or taken over): nothing was written
     */
    void commitOffset(LeaseToken fence, long sequence);

    /**
     * Records that a subscription dead-lettered an event.
     *
     * @param fence the recording dispatcher's lease, or null without leases
     * @throws LeaseLostException if the fence's tenure is over
     */
    void deadLetter(DeadLetter deadLetter, LeaseToken fence);

    /** A subscription's dead letters, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(UUID subscriptionId, int limit);

    /**
     * Takes the lease that lets one bridge instance deliver a subscription when several share this
     * store: succeeds if nobody holds it or the holder's lease expired, both by the store's clock;
     * the new tenure gets the next epoch and lasts {@code ttl} from the store's now. Guarantee: at
     * most one tenure of a subscription is unexpired at any time of the store's clock.
     */
    LeaseAttempt acquireLease(UUID subscriptionId, String owner, Duration ttl);

    /** Extends a tenure to the store's now + {@code ttl}; false if it is over. May throw if the store is down. */
    boolean renewLease(LeaseToken token, Duration ttl);

    /** Ends a tenure at once, so another instance can take over. */
    void releaseLease(LeaseToken token);

    /**
     * Registers for changes other instances make to a shared store, where the store can hear them
     * (PostgreSQL); a no-op otherwise, where dispatchers rely on their idle recheck.
     */
    default void listen(StoreChanges listener) {
    }

    /**
     * Whether the store works now: down from a failure that is not about the data (disk full,
     * database unreachable) until a write succeeds again, which the store also tries by itself
     * while it is down.
     */
    StoreHealth health();

    @Override
    void close();
}
