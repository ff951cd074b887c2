package dev.eventbridge.connectout.connection;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a connection attempt: a client that never answers (a link the broker neither opens nor
 * refuses) would otherwise hold a target in "connecting" for ever, silently. After the timeout the
 * attempting thread is interrupted, which makes the clients we use give up their wait and throw.
 * One daemon thread serves every target.
 */
final class OpenWatchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eventbridge-open-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Duration timeout;
    private final Runnable onTimeout;
    private Thread watched;
    private boolean fired;
    private ScheduledFuture<?> timer;

    /** @param onTimeout run on the watchdog's thread when an attempt times out, before the interrupt */
    OpenWatchdog(Duration timeout, Runnable onTimeout) {
        this.timeout = timeout;
        this.onTimeout = onTimeout;
    }

    /** Starts timing the attempt the calling thread is about to make. */
    synchronized void arm() {
        watched = Thread.currentThread();
        fired = false;
        timer = TIMER.schedule(this::fire, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops timing, clears an interrupt the watchdog may have sent, and says whether it fired. */
    synchronized boolean disarm() {
        if (timer != null) {
            timer.cancel(false);
        }
        boolean timedOut = fired;
        if (timedOut) {
            Thread.interrupted();
        }
        watched = null;
        fired = false;
        return timedOut;
    }

    private synchronized void fire() {
        if (watched != null) {
            fired = true;
            onTimeout.run();
            watched.interrupt();
        }
    }
}
