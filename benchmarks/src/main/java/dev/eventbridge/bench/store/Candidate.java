package dev.eventbridge.bench.store;

import java.nio.file.Path;
import java.util.List;

/**
 * A durable embedded store of the event log: appends a group in one transaction that is on the disk
 * device (synced) when {@link #append} returns, and reads by sequence.
 */
interface Candidate extends AutoCloseable {

    /** The candidates, by the name the benchmarks' {@code store} parameter uses. */
    static Candidate open(String name, Path dir) throws Exception {
        return switch (name) {
            case "h2-bridge" -> new H2BridgeCandidate(dir);
            case "h2-lean" -> new H2LeanCandidate(dir);
            case "sqlite" -> new SqliteCandidate(dir);
            case "rocksdb" -> new RocksDbCandidate(dir);
            default -> throw new IllegalArgumentException("unknown store " + name + " (h2-bridge, h2-lean, sqlite, rocksdb)");
        };
    }

    /** Appends the group in one transaction with one sync; returns the last sequence. */
    long append(List<Events.Event> group) throws Exception;

    /**
     * Reads at most {@code limit} events after {@code afterSequence}, in order, every column and the
     * data; returns a checksum of what it read so that nothing is optimised away.
     */
    long readAfter(long afterSequence, int limit) throws Exception;

    @Override
    void close() throws Exception;
}
