package dev.eventbridge.core.dispatch;

import dev.eventbridge.core.store.EventStore;
import java.util.UUID;

/**
 * A durable subscription's offset in the store. With a lease the commit is fenced by its token: the
 * store refuses it ({@link dev.eventbridge.core.store.LeaseLostException}) once the tenure is over.
 */
public final class StoreOffsets implements Offsets {

    private final EventStore store;
    private final UUID subscriptionId;
    private final Lease lease;

    public StoreOffsets(EventStore store, UUID subscriptionId, Lease lease) {
        this.store = store;
        this.subscriptionId = subscriptionId;
        this.lease = lease;
    }

    @Override
    public long committed() {
        return store.committedOffset(subscriptionId).orElse(0);
    }

    @Override
    public void commit(long sequence) {
        if (lease.token() != null) {
            store.commitOffset(lease.token(), sequence);
        } else {
            store.commitOffset(subscriptionId, sequence);
        }
    }
}
