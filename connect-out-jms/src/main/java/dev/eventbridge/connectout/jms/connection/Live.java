package dev.eventbridge.connectout.jms.connection;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One open (or opening) connection of a {@link JmsConnection}: the provider's connection, the send
 * session with its producer, what each session, producer and consumer made on it is for (so that the
 * broker closing one can be named), and whether an attempt to open it is still under way.
 */
public final class Live {

    private final Connection connection;
    private final Map<Object, String> names = new IdentityHashMap<>();
    Session session;
    MessageProducer producer;
    /** Producers on the send session for dead-letter queues, by queue name; used under the target's send lock. */
    final Map<String, MessageProducer> deadLetterProducers = new HashMap<>();
    /** The transacted sessions sending batches; made on the first batch, on the sender thread. */
    volatile TransactedBatches batches;
    /** Why this connection sends no batch (the broker refused, or never answered, a transacted session); null if it may. */
    volatile String transactionsRefused;
    /** The thread opening the transacted session, while it does. */
    volatile Thread openingTransacted;
    /** Set once the connection failed, so that sends failing with it are not taken for refusals. */
    volatile boolean failed;
    /** Whether sends on this connection carry the duplicate-detection id. */
    volatile boolean duplicateIds;
    private Thread opening;
    private String refusal;

    Live(Connection connection) {
        this.connection = connection;
        this.opening = Thread.currentThread();
    }

    /** The provider's connection. */
    public Connection connection() {
        return connection;
    }

    /**
     * Names {@code resource} (a session, producer or consumer made on this connection) for the
     * message that reports the broker closing it: {@code session checking that queue X exists}.
     */
    public synchronized void describe(Object resource, String name) {
        names.put(resource, name);
    }

    /** A transacted session sending batches, with its producer. */
    record Transacted(Session session, MessageProducer producer) {
    }

    /**
     * Whether {@code resource}, which the broker closed, is the batches' transacted session or producer,
     * or an unnamed one while that session is being opened or after it failed to open (the provider
     * reports the session it is making before it hands it out, and Qpid JMS reports the one a broker
     * without transactions never answered once the attempt is abandoned).
     */
    synchronized boolean transactional(Object resource) {
        TransactedBatches b = batches;
        if (b != null && b.owns(resource)) {
            return true;
        }
        return (openingTransacted != null || transactionsRefused != null) && !names.containsKey(resource);
    }

    synchronized String name(Object resource) {
        String name = names.get(resource);
        return name != null ? name : String.valueOf(resource);
    }

    /**
     * While the connection is being opened, records {@code reason} (the first one wins) and
     * interrupts the opening thread, so that a provider waiting for an answer the broker will never
     * send gives up; returns false when the connection is open already.
     */
    synchronized boolean refuseWhileOpening(String reason) {
        if (opening == null) {
            return false;
        }
        if (refusal == null) {
            refusal = reason;
            opening.interrupt();
        }
        return true;
    }

    /** Ends the opening phase; returns the broker's refusal recorded meanwhile, or null. */
    synchronized String opened() {
        opening = null;
        return refusal;
    }
}
