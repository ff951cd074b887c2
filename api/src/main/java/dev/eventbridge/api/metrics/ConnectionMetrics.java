package dev.eventbridge.api.metrics;

/**
 * What a plugin reports about one of its connections, so that every plugin's connections show the
 * same metrics ({@code eventbridge_connection_*}); whether a connection is up the core knows from
 * {@link dev.eventbridge.api.Callbacks#registerConnection} and {@link dev.eventbridge.api.Callbacks#connectionClosed}.
 * Get one with {@link dev.eventbridge.api.Callbacks#connectionMetrics}. Thread-safe; each call is
 * cheap, does not block and never throws, so call it from any thread, the client's I/O threads included.
 */
public interface ConnectionMetrics {

    /** Reports nothing. */
    ConnectionMetrics NONE = new ConnectionMetrics() {
        @Override
        public void connected() {
        }

        @Override
        public void loginRefused() {
        }

        @Override
        public void sendFailed() {
        }
    };

    /** A connection attempt succeeded; every one after the first counts as a reconnect. */
    void connected();

    /** The broker refused the credentials on a connection attempt. */
    void loginRefused();

    /**
     * A send the plugin started failed: the broker refused it, did not confirm it in time, or it
     * could not be started on a live connection. Deliveries rejected because the connection was down
     * or lost are not sends that failed.
     */
    void sendFailed();
}
