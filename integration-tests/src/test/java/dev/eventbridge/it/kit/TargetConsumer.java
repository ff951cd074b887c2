package dev.eventbridge.it.kit;

import java.time.Duration;

/** A plain client application on the broker: reads what the bridge delivered, and answers it. */
public interface TargetConsumer extends AutoCloseable {

    /** The next message, or null if none arrives within {@code timeout}. */
    Received receive(Duration timeout) throws Exception;

    /** Sends a reply to {@code to} with its correlation id set to the event id, as an application would. */
    void reply(Received to, String body) throws Exception;

    @Override
    void close() throws Exception;
}
