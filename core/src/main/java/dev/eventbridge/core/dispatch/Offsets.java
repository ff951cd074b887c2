package dev.eventbridge.core.dispatch;

/** Where a dispatcher reads and commits its subscription's offset: the store, or memory for an ephemeral one. */
public interface Offsets {

    /** The committed offset: every matching event up to it has been acknowledged. */
    long committed();

    /** Records a new committed offset (greater than the last). */
    void commit(long sequence);
}
