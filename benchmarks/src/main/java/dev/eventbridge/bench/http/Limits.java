package dev.eventbridge.bench.http;

/** The protections each candidate is configured with where it has a built-in option (the JDK baseline runs as the bridge does today: none). */
final class Limits {

    /** Time allowed to receive a request's line and headers. */
    static final int HEADER_TIMEOUT_MS = 10_000;
    /** Time a connection may stay silent (keep-alive between requests, or a stalled read/write). */
    static final int IDLE_TIMEOUT_MS = 30_000;
    /** Connections served at once; the slow-loris phase opens 500 beside the 16 good clients, so this cap is not reached. */
    static final int MAX_CONNECTIONS = 1_000;
    /** Slowest request body accepted, where a minimum data rate exists. */
    static final int MIN_BODY_BYTES_PER_SECOND = 1_024;

    private Limits() {
    }
}
