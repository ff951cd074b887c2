package dev.eventbridge.connectout.jms.connection;

import dev.eventbridge.connectout.send.SendWindow;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The batches of one connection ({@link Live}), each sent in one local transaction, on two transacted
 * sessions used in turn so that batches overlap: batch N+1 is sent on one session while batch N
 * commits on the other. Sending runs on the target's sender thread ({@link #send}); waiting for the
 * broker's answers and committing run on the target's committer thread, one batch after the other in
 * the order they were sent, so commit N+1 starts only once commit N returned. A session is used for
 * the next batch only once its previous batch's commit (or rollback) returned.
 *
 * <p>A batch is committed only once the broker answered each of its sends without refusing one (a
 * provider may send a transacted message without waiting, Artemis' CORE client does, and a refusal
 * then does not always fail the commit), within {@code send.timeout}. Committed: each delivery is
 * confirmed. Refused, unanswered, commit failed, or the batch before it failed by itself while this
 * one was already sent (it would land ahead of that batch's redelivery): rolled back, each delivery
 * failed with one reason, never permanently (one message's fault cannot be told from the batch's). A
 * batch rolled back only for the one before it does not roll back the next (that may be the redelivery).
 */
final class TransactedBatches {

    /** Builds the message for one delivery of a batch on {@code session}. */
    @FunctionalInterface
    interface Mapping {
        Message toMessage(Session session, SendWindow.Admitted delivery) throws JMSException;
    }

    /** Answers deliveries and words failures; called on the committer thread. */
    interface Answers {
        void confirmed(long key);

        void failed(long key, String reason);

        /** Why a batch of {@code size} was not committed, {@code failure} being what failed. */
        String reason(Exception failure, int size);

        /** Logs a session that could not roll back (it is then closed and the sessions made again). */
        void rollbackFailed(Exception failure);
    }

    private final Live.Transacted[] sessions;
    private final Semaphore[] free = {new Semaphore(1), new Semaphore(1)};
    private final ExecutorService committer;
    private final AsyncSend asyncSend;
    private final Answers answers;
    private final Duration sendTimeout;
    private int next;
    /** Whether the last batch handed to the committer failed by itself (not merely after the one before it). */
    private CompletableFuture<Boolean> lastFailed = CompletableFuture.completedFuture(false);
    private volatile boolean broken;

    TransactedBatches(Live.Transacted first, Live.Transacted second, ExecutorService committer, AsyncSend asyncSend,
                      Answers answers, Duration sendTimeout) {
        this.sessions = new Live.Transacted[] {first, second};
        this.committer = committer;
        this.asyncSend = asyncSend;
        this.answers = answers;
        this.sendTimeout = sendTimeout;
    }

    /** Whether {@code resource} is one of the sessions or producers. */
    boolean owns(Object resource) {
        for (Live.Transacted tx : sessions) {
            if (resource == tx.session() || resource == tx.producer()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a session failed to roll back: the next batch needs new sessions. */
    boolean broken() {
        return broken;
    }

    /**
     * Sends {@code batch} on the next session and hands its commit to the committer; returns once
     * every message was handed to the provider. Waits first, at most {@code send.timeout}, for that
     * session's previous batch to be committed or rolled back. Sender thread only. Throws, having
     * answered nothing, when the session did not come free or the committer is gone: the caller
     * rejects the batch.
     */
    void send(List<SendWindow.Admitted> batch, Mapping mapping) throws JMSException {
        int i = next;
        Live.Transacted tx = sessions[i];
        try {
            if (!free[i].tryAcquire(sendTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new JMSException("the transacted session's previous batch was not committed within send.timeout ("
                        + sendTimeout.toMillis() + " ms)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("interrupted while waiting for a transacted session");
        }
        next = 1 - i;
        CompletableFuture<Boolean> before = lastFailed;
        boolean overlaps = !before.isDone(); // sent before the last batch's outcome was known
        CompletableFuture<Boolean> failed = new CompletableFuture<>();
        Sends sends = new Sends(batch.size());
        Exception sendFailure = null;
        try {
            for (SendWindow.Admitted a : batch) {
                asyncSend.send(tx.producer(), mapping.toMessage(tx.session(), a), sends);
            }
        } catch (JMSException | RuntimeException e) {
            sendFailure = e;
        }
        Exception failure = sendFailure;
        try {
            committer.execute(() -> commit(tx, free[i], batch, failure != null ? failure : sends.await(sendTimeout),
                    overlaps && before.join(), failed));
        } catch (RejectedExecutionException e) {
            rollback(tx);
            free[i].release();
            throw new JMSException("the target closed before the batch was committed");
        }
        lastFailed = failed;
    }

    private void commit(Live.Transacted tx, Semaphore free, List<SendWindow.Admitted> batch, Exception refused,
                        boolean afterFailedBatch, CompletableFuture<Boolean> failed) {
        String reason = null;
        try {
            if (refused != null) {
                reason = answers.reason(refused, batch.size());
            } else if (afterFailedBatch) {
                reason = "not committed: the batch before it failed, and this one, sent meanwhile, would have been stored "
                        + "ahead of that batch's redelivery";
            } else {
                try {
                    tx.session().commit();
                } catch (JMSException | RuntimeException e) {
                    reason = answers.reason(e, batch.size());
                }
            }
            if (reason != null) {
                rollback(tx);
            }
        } finally {
            for (SendWindow.Admitted a : batch) {
                if (reason == null) {
                    answers.confirmed(a.key());
                } else {
                    answers.failed(a.key(), reason);
                }
            }
            failed.complete(reason != null && !afterFailedBatch); // no cascade: the next batch may be the redelivery
            free.release();
        }
    }

    /** Rolls back what a failed batch left; a session that cannot is closed, and the sessions made again. */
    private void rollback(Live.Transacted tx) {
        try {
            tx.session().rollback();
        } catch (JMSException | RuntimeException e) {
            broken = true;
            answers.rollbackFailed(e);
            try {
                tx.session().close();
            } catch (JMSException | RuntimeException closing) {
                // the connection may be gone already
            }
        }
    }

    /** The broker's answers to the sends of one batch: the first refusal, once all answered. */
    private static final class Sends implements CompletionListener {
        private final CountDownLatch unanswered;
        private final AtomicReference<Exception> refused = new AtomicReference<>();

        Sends(int sends) {
            unanswered = new CountDownLatch(sends);
        }

        @Override
        public void onCompletion(Message message) {
            unanswered.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            refused.compareAndSet(null, exception);
            unanswered.countDown();
        }

        /** The first refusal, or null when the broker took every send; a timeout counts as a refusal. */
        Exception await(Duration timeout) {
            try {
                if (!unanswered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return new JMSException("the broker did not answer every send of the batch within "
                            + timeout.toMillis() + " ms (send.timeout)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JMSException("interrupted while waiting for the broker's answers to the batch");
            }
            return refused.get();
        }
    }
}
