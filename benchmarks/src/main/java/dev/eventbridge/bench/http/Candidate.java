package dev.eventbridge.bench.http;

/**
 * One server under test, serving {@code POST /api/events} on 127.0.0.1 in its own recommended
 * asynchronous style (except the JDK baseline, which blocks a worker per request as the bridge does today).
 * Lifecycle: {@link #start} once, {@link #stop} once.
 */
interface Candidate {

    /** Short name used in the table and on the command line. */
    String name();

    /** Starts serving on an ephemeral port of 127.0.0.1 with the given log; returns the port. */
    int start(GroupCommitLog log) throws Exception;

    /** The protection options this candidate runs with here (header/body timeouts, idle timeout, connection cap). */
    String limits();

    /** Stops the server and releases its threads. */
    void stop() throws Exception;
}
