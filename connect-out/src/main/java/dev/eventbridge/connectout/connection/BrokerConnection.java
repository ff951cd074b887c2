package dev.eventbridge.connectout.connection;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.event.Reply;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.redact.Redaction;
import dev.eventbridge.connectout.send.DeadLetterSend;
import dev.eventbridge.connectout.send.SendWindow;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's connection to its broker, registered with the core as one connection id. It
 * connects in the background, retrying with {@link Backoff} (a refused log-in waits the longest
 * delay and is logged as an error naming the user), registers with the core once connected, and
 * when the connection drops tells the core ({@code connectionClosed}), rejects the sends still
 * awaiting the broker and reconnects. Each delivery is one asynchronous send held in the
 * {@link SendWindow} until the broker confirms it (an ack) or refuses it (a reject); when the window
 * is full a delivery waits there for a slot, it is never rejected for it. A send the broker leaves
 * unconfirmed for {@code send.timeout} while the connection is up is rejected ({@link SendTimeout}).
 *
 * <p>A subclass supplies the protocol: {@link #open()} makes a connection (a handle of type
 * {@code H}), {@link #send} starts one send and later calls {@link #confirmed} or {@link #failed}
 * with its key, {@link #release} drops a connection, and the client's listeners report
 * {@link #lost}, {@link #interrupted} and {@link #restored} for the handle they watch.
 *
 * <p>Threads: connection state changes run on the target's own thread ({@code eventbridge-<connId>});
 * {@link #deliver} runs on the caller's (a core dispatcher thread) and never blocks on the broker
 * (a client whose send may block sends on a thread of the target's own);
 * the answers come on the client's threads, and a waiting delivery is sent on the thread whose
 * answer freed its slot, so {@link #send} must not block there either. Sends start in the order
 * {@link #deliver} was called.
 *
 * @param <H> what an open connection is for the subclass (a JMS connection with its session, an MQTT client)
 */
public abstract class BrokerConnection<H> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    private enum State { WAITING, CONNECTING, UP, INTERRUPTED, CLOSED }

    protected final TargetSettings settings;
    protected final Callbacks callbacks;
    private final SendWindow window;
    private final Answers answers;
    private final Backoff backoff;
    private final ScheduledExecutorService worker;
    private final ExecutorService sender;
    private final Object sendOrder = new Object();
    private volatile State state = State.WAITING;
    private volatile H current;
    private volatile String detail;
    private String lastFailure;
    private int failedAttempts;
    private long upSince;
    private final OpenWatchdog watchdog;
    private final SendTimeout sendTimeout;
    private final dev.eventbridge.api.metrics.ConnectionMetrics metrics;

    /**
     * Sends start on the thread that delivers (a core dispatcher's): for a client whose asynchronous
     * send never blocks and costs little. The plugins use the other constructor with a sender thread.
     *
     * @param windowCapacity the most sends awaiting the broker at once; a delivery beyond it waits for a slot
     */
    protected BrokerConnection(TargetSettings settings, Callbacks callbacks, int windowCapacity) {
        this(settings, callbacks, windowCapacity, false);
    }

    /**
     * @param windowCapacity the most sends awaiting the broker at once; a delivery beyond it waits for a slot
     * @param blockingSend   whether sends start, in order, on a sender thread of the target's own
     *                       ({@code eventbridge-<connId>-send}): needed when the client's send may block (a JMS
     *                       provider waiting for link credit or producer window), so that no core thread waits
     *                       on the broker, and worth it when mapping and sending cost more than reading (MQTT):
     *                       the dispatcher then reads and admits the next events while these are sent
     */
    protected BrokerConnection(TargetSettings settings, Callbacks callbacks, int windowCapacity, boolean blockingSend) {
        this.settings = settings;
        this.callbacks = callbacks;
        this.window = new SendWindow(windowCapacity);
        this.metrics = callbacks.connectionMetrics(settings.connId());
        this.answers = new Answers(settings.connId(), callbacks, window, metrics);
        this.sendTimeout = new SendTimeout(settings.sendTimeout(), window, answers);
        this.backoff = new Backoff(settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        this.detail = "connecting to " + settings.displayUrl();
        this.watchdog = new OpenWatchdog(settings.openTimeout(), () -> detail = "connecting to " + settings.displayUrl()
                + ": no answer from the broker after " + settings.openTimeout().toMillis() + " ms (open.timeout); abandoning the attempt");
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eventbridge-" + settings.connId());
            t.setDaemon(true);
            return t;
        });
        this.sender = !blockingSend ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eventbridge-" + settings.connId() + "-send");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects, blocking the target's thread until the broker accepted the connection (and any reply
     * subscription). On failure it releases whatever it made and throws. An attempt still running
     * after {@code open.timeout} is interrupted: it must then release what it made and throw.
     */
    protected abstract H open() throws Exception;

    /** Drops a connection made by {@link #open()}, quietly; may wait briefly for sends in flight. */
    protected abstract void release(H handle);

    /** Whether {@code error}, thrown by {@link #open()}, means the broker refused the credentials. */
    protected abstract boolean refusedLogin(Throwable error);

    /** Where messages go, for logs and health: {@code queue ORDERS.IN}. */
    protected abstract String sendsTo();

    /**
     * Starts sending {@code delivery} on {@code handle}; must not block on the broker. Answer it later
     * with {@link #confirmed(long)} or {@link #failed(long, String)} and {@code key}; an exception
     * thrown here rejects it.
     */
    protected abstract void send(H handle, long key, EventDelivery delivery, DataArray data) throws Exception;

    /**
     * Starts sending {@code delivery} to the dead-letter destination {@code deadLetter} names, with the
     * target's mapping plus the dead-letter attributes
     * ({@link dev.eventbridge.connectout.cloudevents.CloudEventAttributes.DeadLettered}); answered as
     * {@link #send} is. Must not block on the broker. By default it throws: a plugin that supports dead
     * letters on the broker overrides it.
     */
    protected void sendDeadLetter(H handle, long key, EventDelivery delivery, DataArray data, DeadLetterSend deadLetter)
            throws Exception {
        throw new UnsupportedOperationException(connId() + " cannot send dead letters to the broker");
    }

    /**
     * Starts sending {@code batch} on {@code handle} in one broker transaction, in this order and in
     * order with the sends before and after it (it is called where {@link #send} is, on the same
     * thread), then commits; must not block on the broker beyond what a {@link #send} may (a client
     * whose commit blocks makes this a blocking-send connection). Answer every delivery of the batch
     * with its key: {@link #confirmed(long)} for each once the commit succeeded, {@link #failed(long, String)}
     * for each when a send or the commit failed (where the broker has no transactions, the deliveries
     * may be sent singly and each answered as a {@link #send}). An exception thrown here rejects them all. Every
     * delivery's {@code mayStart()} was checked just before. By default it throws: a plugin whose
     * broker has transactions overrides it and reports the batch capability
     * ({@link dev.eventbridge.connectout.ConnectOutPlugin#batchDelivery()}).
     */
    protected void sendBatch(H handle, List<SendWindow.Admitted> batch) throws Exception {
        throw new UnsupportedOperationException(connId() + " cannot send a batch in a broker transaction");
    }

    /**
     * Whether {@code error}, a send's failure, means the message can never be accepted (too large,
     * destination invalid), so the event is dead-lettered at once instead of retried. Be
     * conservative: connection loss, timeouts and refusals for quota or flow control are not
     * permanent. An {@link dev.eventbridge.connectout.UnmappableEventException} thrown by
     * {@link #send} always is. False by default; called on the thread that saw the failure.
     */
    protected boolean permanent(Throwable error) {
        return false;
    }

    /** Called once at the end of {@link #close()}, to free what lives across connections. Nothing by default. */
    protected void closed() {
    }

    /** The connection id this target registers. */
    public final String connId() {
        return settings.connId();
    }

    /** Starts connecting in the background; returns at once. */
    public final void start() {
        onWorker(this::attempt);
        long period = sendTimeout.periodMillis();
        try {
            worker.scheduleWithFixedDelay(this::expireUnconfirmed, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /**
     * Sends one delivery, or queues it while the window is full; while disconnected it is rejected at
     * once. Never blocks on the broker.
     */
    public final void deliver(EventDelivery delivery, DataArray data) {
        enqueue(delivery, data, null);
    }

    /**
     * Sends a batch of deliveries in one broker transaction ({@link #sendBatch}), in order with the
     * single deliveries, or queues it until the window has a slot for each of its deliveries (see
     * {@link SendWindow}); while disconnected each delivery is rejected at once. Each delivery is
     * answered exactly once: all acked once the broker committed, all rejected when the transaction
     * failed, the connection was lost or the target closed first, or {@code send.timeout} passed
     * (the batch's deliveries share one clock, started when the batch took its slots, so the whole
     * transaction, sends and commit, gets what one send gets: a commit is one broker round trip).
     * Never blocks on the broker.
     *
     * @param data the data of each delivery, in the same order (an element may be null)
     */
    public final void deliverBatch(List<EventDelivery> deliveries, List<DataArray> data) {
        if (deliveries.isEmpty()) {
            return;
        }
        if (state != State.UP || current == null) {
            deliveries.forEach(d -> answers.reject(d, "not connected (" + detail + ")"));
            return;
        }
        synchronized (sendOrder) {
            SendWindow.AdmittedBatch admitted = window.admitBatch(deliveries, data);
            if (admitted != null) {
                start(admitted);
            }
        }
    }

    /**
     * Sends an event its subscription gave up on to the dead-letter destination {@code deadLetter}
     * names, in order with the deliveries (it waits for a slot as they do); answered as a delivery is.
     * Never blocks on the broker.
     */
    public final void deadLetter(EventDelivery delivery, DataArray data, DeadLetterSend deadLetter) {
        enqueue(delivery, data, deadLetter);
    }

    /** Starts a send (a dead letter when {@code deadLetter} is set) or queues it behind a full window; rejects it while disconnected. */
    private void enqueue(EventDelivery delivery, DataArray data, DeadLetterSend deadLetter) {
        if (state != State.UP || current == null) {
            answers.reject(delivery, "not connected (" + detail + ")");
            return;
        }
        synchronized (sendOrder) {
            SendWindow.Admitted admitted = window.admit(delivery, data, deadLetter);
            if (admitted != null) {
                start(admitted);
            }
        }
    }

    /** The dead-letter destination of this target for subscriptions that name none; null for none. */
    public final String deadLetterDestination() {
        return settings.deadLetterDestination();
    }

    /** The broker confirmed the send with {@code key}: ack it. Any thread; a second answer is ignored. */
    protected final void confirmed(long key) {
        answers.ack(key);
        startWaiting();
    }

    /** The send with {@code key} failed or was refused: reject it. Any thread; a second answer is ignored. */
    protected final void failed(long key, String reason) {
        failed(key, reason, false);
    }

    /** As {@link #failed(long, String)}; a {@code permanent} failure is rejected as such (see {@link #permanent}). */
    protected final void failed(long key, String reason, boolean permanent) {
        answers.reject(key, reason, permanent);
        startWaiting();
    }

    /** On the target's thread: rejects the sends unconfirmed for send.timeout while the connection is up. */
    private void expireUnconfirmed() {
        try {
            if (state == State.UP && sendTimeout.sweep()) {
                startWaiting();
            }
        } catch (RuntimeException e) {
            LOG.error("{}: the send timeout sweep failed", connId(), e); // and runs again: a throw would cancel it
        }
    }

    private void startWaiting() {
        if (!window.hasWaiting()) {
            return;
        }
        synchronized (sendOrder) {
            SendWindow.Slot next;
            while ((next = window.next()) != null) {
                start(next);
            }
        }
    }

    private void start(SendWindow.Slot slot) {
        Runnable send = slot instanceof SendWindow.Admitted one ? () -> sendNow(one)
                : () -> sendBatchNow((SendWindow.AdmittedBatch) slot);
        if (sender == null) {
            send.run();
            return;
        }
        try {
            sender.execute(send);
        } catch (RejectedExecutionException e) {
            String reason = "target " + connId() + " closed before the send started";
            slot.deliveries().forEach(a -> answers.reject(a.key(), reason));
        }
    }

    /** As {@link #sendNow} for a batch: all of it is sent, or none (each delivery rejected, with one reason). */
    private void sendBatchNow(SendWindow.AdmittedBatch batch) {
        H handle = current;
        List<SendWindow.Admitted> all = batch.deliveries();
        int pending = 0;
        boolean mayStart = true;
        for (SendWindow.Admitted a : all) {
            pending += window.isPending(a.key()) ? 1 : 0;
            mayStart &= a.delivery().mayStart();
        }
        String refusal = null;
        if (pending == 0) {
            return; // answered meanwhile: the connection it was meant for was lost, or the target closed
        } else if (pending < all.size()) {
            refusal = "not sent: part of its batch was answered before the send started";
        } else if (!mayStart) {
            refusal = "not sent: the start limit of a delivery of its batch passed while it waited (the subscription's "
                    + "lease may pass to another bridge instance before the send could reach the broker)";
        } else if (state != State.UP || handle == null) {
            refusal = "not connected (" + detail + ")";
        } else {
            try {
                sendBatch(handle, all);
            } catch (Exception e) {
                refusal = "batch send failed: " + describe(e);
            }
        }
        if (refusal != null) {
            for (SendWindow.Admitted a : all) {
                answers.reject(a.key(), refusal);
            }
            startWaiting();
        }
    }

    private void sendNow(SendWindow.Admitted admitted) {
        H handle = current;
        if (!window.isPending(admitted.key())) {
            return; // answered meanwhile: the connection it was meant for was lost, or the target closed
        }
        if (!admitted.delivery().mayStart()) {
            answers.reject(admitted.key(), "not sent: its start limit passed while it waited (the subscription's lease "
                    + "may pass to another bridge instance before the send could reach the broker)");
            return;
        }
        if (state != State.UP || handle == null) {
            answers.reject(admitted.key(), "not connected (" + detail + ")");
            return;
        }
        try {
            if (admitted.deadLetter() != null) {
                sendDeadLetter(handle, admitted.key(), admitted.delivery(), admitted.data(), admitted.deadLetter());
            } else {
                send(handle, admitted.key(), admitted.delivery(), admitted.data());
            }
        } catch (Exception e) {
            answers.reject(admitted.key(), "send failed: " + describe(e),
                    e instanceof dev.eventbridge.connectout.UnmappableEventException || permanent(e));
        }
    }

    /** Passes on a reply an application sent for event {@code eventId}. */
    protected final void reply(UUID eventId, Reply reply) {
        callbacks.deliveryResponse(connId(), DeliveryResponse.reply(eventId, reply));
    }

    /** The connection {@code handle} dropped: report it closed, reject its sends, reconnect. Any thread. */
    public final void lost(H handle, Throwable cause) {
        onWorker(() -> {
            if (handle != current || (state != State.UP && state != State.INTERRUPTED)) {
                return;
            }
            boolean registered = state == State.UP;
            current = null;
            state = State.WAITING;
            String reason = describe(cause);
            detail = "connection to " + settings.displayUrl() + " lost: " + reason;
            LOG.warn("{}: connection to {} lost: {}; reconnecting", connId(), settings.displayUrl(), reason);
            if (registered) {
                callbacks.connectionClosed(connId());
            }
            release(handle);
            answers.rejectAll("the connection to " + settings.displayUrl() + " was lost before the broker confirmed the send");
            if (System.nanoTime() - upSince >= settings.reconnectMaxDelay().toNanos()) {
                backoff.reset(); // it had been up a while: start again from the first pause
            } // else it flaps (a broker that drops each connection right after it is made): keep backing off
            schedule(backoff.next());
        });
    }

    /** The client lost {@code handle} and restores it by itself (failover): the core stops delivering here. */
    public final void interrupted(H handle, String where) {
        onWorker(() -> {
            if (handle != current || state != State.UP) {
                return;
            }
            state = State.INTERRUPTED;
            String shown = describeUrl(where);
            detail = "failing over from " + shown;
            LOG.warn("{}: connection to {} interrupted; the client is failing over", connId(), shown);
            callbacks.connectionClosed(connId());
        });
    }

    /** The client restored {@code handle} after {@link #interrupted}: the target registers again. */
    public final void restored(H handle, String where) {
        onWorker(() -> {
            if (handle != current || state != State.INTERRUPTED) {
                return;
            }
            String shown = describeUrl(where);
            window.restartClocks(System.nanoTime()); // the client resends them on the restored connection
            state = State.UP;
            detail = "connected to " + shown + ", sending to " + sendsTo();
            LOG.info("{}: connection restored to {}", connId(), shown);
            callbacks.registerConnection(connId(), settings.matcher());
        });
    }

    /** Up once connected and registered; the detail says where, or why not. Never holds credentials. */
    public final ConnectionHealth health() {
        return new ConnectionHealth(state == State.UP, detail);
    }

    /**
     * Closes the connection and stops reconnecting. Sends the broker confirms while the connection
     * closes are acked; every delivery still unanswered after that is rejected, so each is answered.
     */
    public final void close() {
        state = State.CLOSED;
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{}: a connection attempt did not stop within 10 s", connId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        H handle = current;
        current = null;
        if (handle != null) {
            release(handle);
        }
        closed();
        answers.rejectAll("target " + connId() + " closed before the broker confirmed the send");
        if (sender != null) {
            sender.shutdownNow();
        }
        detail = "closed";
    }

    /** {@code error} in one line, credentials masked. */
    protected final String describe(Throwable error) {
        return Redaction.describe(error, settings.password());
    }

    private String describeUrl(String url) {
        return Redaction.redact(url, settings.password());
    }

    private void attempt() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTING;
        H handle;
        watchdog.arm();
        try {
            handle = open();
        } catch (Exception e) {
            boolean timedOut = watchdog.disarm();
            attemptFailed(timedOut ? new TimeoutException("the broker did not complete the connection within open.timeout ("
                    + settings.openTimeout().toMillis() + " ms): " + describe(e)) : e);
            return;
        }
        watchdog.disarm();
        if (state == State.CLOSED) {
            release(handle);
            return;
        }
        current = handle;
        state = State.UP;
        upSince = System.nanoTime();
        failedAttempts = 0;
        lastFailure = null;
        detail = "connected to " + settings.displayUrl() + ", sending to " + sendsTo();
        metrics.connected();
        LOG.info("{}: connected to {}, sending to {}", connId(), settings.displayUrl(), sendsTo());
        callbacks.registerConnection(connId(), settings.matcher());
    }

    private void attemptFailed(Exception e) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.WAITING;
        failedAttempts++;
        String reason = describe(e);
        boolean refused = refusedLogin(e);
        Duration delay = refused ? backoff.max() : backoff.next();
        detail = "cannot connect to " + settings.displayUrl() + ": " + reason + " (attempt " + failedAttempts
                + ", next in " + delay.toMillis() + " ms)";
        if (refused) {
            metrics.loginRefused();
            LOG.error("{}: the broker at {} refused the credentials of user '{}': {}; retrying every {} ms", connId(),
                    settings.displayUrl(), settings.username(), reason, delay.toMillis());
        } else if (!reason.equals(lastFailure)) {
            LOG.warn("{}: cannot connect to {}: {}; retrying with backoff up to {} ms", connId(), settings.displayUrl(),
                    reason, settings.reconnectMaxDelay().toMillis());
        } else {
            LOG.debug("{}: attempt {} to connect to {} failed: {}", connId(), failedAttempts, settings.displayUrl(), reason);
        }
        lastFailure = reason;
        schedule(delay);
    }

    private void schedule(Duration delay) {
        try {
            worker.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }
}
