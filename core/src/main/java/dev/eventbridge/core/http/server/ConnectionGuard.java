package dev.eventbridge.core.http.server;

import dev.eventbridge.core.http.HttpSettings;
import io.vertx.core.http.HttpConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow or idle clients from holding the server: caps open connections (shared by every
 * event loop) and gives each connection deadlines for the request head and body, checked by a
 * periodic sweep. One instance per event loop; every method but the constructor runs on that loop.
 *
 * <p>A new connection must send a complete request head within {@code headerTimeout}. After a
 * response, a kept-alive connection may idle (Vert.x closes it after {@code idleTimeout} without
 * traffic) and must then complete the next head within {@code headerTimeout}: a client that trickles
 * a byte at a time, never idle long enough to be closed, is closed at {@code idleTimeout +
 * headerTimeout} after its last response. A request's body must be complete within {@code bodyTimeout}
 * of its head, or it gets 408 and the connection is closed.
 */
final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long NONE = Long.MAX_VALUE;

    /** Deadlines of one connection, in {@link System#nanoTime()}. */
    static final class Deadlines {
        long head;
        long body = NONE;
        Runnable onBodyTimeout;
    }

    private final HttpSettings settings;
    private final AtomicInteger open;
    private final AtomicLong lastCapWarning;
    private final Map<HttpConnection, Deadlines> connections = new HashMap<>();

    ConnectionGuard(HttpSettings settings, AtomicInteger open, AtomicLong lastCapWarning) {
        this.settings = settings;
        this.open = open;
        this.lastCapWarning = lastCapWarning;
    }

    /** A connection was accepted; closes it at once (and returns false) beyond the cap. */
    boolean opened(HttpConnection c) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            long now = System.nanoTime();
            long last = lastCapWarning.get();
            if (now - last > 60_000_000_000L && lastCapWarning.compareAndSet(last, now)) {
                LOG.warn("HTTP API: {} connections open, the limit (bridge.http.max.connections); closing new connections until some close",
                        settings.maxConnections());
            }
            c.close();
            return false;
        }
        Deadlines d = new Deadlines();
        d.head = System.nanoTime() + settings.headerTimeout().toNanos();
        connections.put(c, d);
        c.closeHandler(v -> {
            if (connections.remove(c) != null) {
                open.decrementAndGet();
            }
        });
        return true;
    }

    /** A request's head arrived; its body is due within the body timeout, and {@code onBodyTimeout} runs if it is not. */
    void headArrived(HttpConnection c, Runnable onBodyTimeout) {
        Deadlines d = connections.get(c);
        if (d != null) {
            d.head = NONE;
            d.body = System.nanoTime() + settings.bodyTimeout().toNanos();
            d.onBodyTimeout = onBodyTimeout;
        }
    }

    /** The request's body is complete. */
    void bodyArrived(HttpConnection c) {
        Deadlines d = connections.get(c);
        if (d != null) {
            d.body = NONE;
            d.onBodyTimeout = null;
        }
    }

    /** A response was sent: the next request head is due after the idle timeout plus the header timeout. */
    void responded(HttpConnection c) {
        Deadlines d = connections.get(c);
        if (d != null) {
            d.body = NONE;
            d.onBodyTimeout = null;
            d.head = System.nanoTime() + settings.idleTimeout().toNanos() + settings.headerTimeout().toNanos();
        }
    }

    /** Closes connections past a deadline; run periodically on the event loop. */
    void sweep() {
        long now = System.nanoTime();
        List<HttpConnection> late = new ArrayList<>();
        List<Runnable> bodyLate = new ArrayList<>();
        connections.forEach((c, d) -> {
            if (now - d.head > 0 && d.head != NONE) {
                late.add(c);
            } else if (d.body != NONE && now - d.body > 0) {
                d.body = NONE;
                if (d.onBodyTimeout != null) {
                    bodyLate.add(d.onBodyTimeout);
                } else {
                    late.add(c);
                }
            }
        });
        for (HttpConnection c : late) {
            LOG.debug("HTTP API: closing connection from {}: no complete request head within {} ms",
                    c.remoteAddress(), settings.headerTimeout().toMillis());
            c.close();
        }
        bodyLate.forEach(Runnable::run);
    }
}
