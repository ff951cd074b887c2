package dev.eventbridge.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread publishing batches of events to one bridge instance back to back until {@link #stop()},
 * so deliveries are in flight whenever a test freezes or kills an instance. Remembers the last
 * sequence acknowledged (201) and the first failure.
 */
public final class PublishStream implements AutoCloseable {

    private final BridgeClient client;
    private final int batch;
    private final AtomicLong lastSequence = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    public PublishStream(BridgeClient client, int batch) {
        this.client = client;
        this.batch = batch;
        this.thread = new Thread(this::run, "publish-stream");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                List<JsonNode> stored = client.publish("order.created", "orders", batch);
                lastSequence.set(stored.get(stored.size() - 1).get("sequence").asLong());
                published.addAndGet(stored.size());
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** The highest sequence a 201 answered so far. */
    public long lastSequence() {
        return lastSequence.get();
    }

    public long published() {
        return published.get();
    }

    /** Stops after the request under way; fails if any publish failed. Returns the last sequence published. */
    public long stop() throws InterruptedException {
        running = false;
        thread.join(30_000);
        if (failure.get() != null) {
            throw new AssertionError("a publish failed", failure.get());
        }
        return lastSequence.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
