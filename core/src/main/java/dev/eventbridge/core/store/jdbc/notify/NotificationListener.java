package dev.eventbridge.core.store.jdbc.notify;

import dev.eventbridge.core.store.StoreChanges;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears other instances' changes through PostgreSQL LISTEN/NOTIFY, on a dedicated connection (not
 * the pool's) and thread, waiting in {@code PGConnection.getNotifications(timeout)}, so a commit
 * on one instance wakes the others within milliseconds without polling. A dropped connection is
 * reopened with a growing pause (100 ms to 5 s); after reopening every listener is called once,
 * since notifications sent meanwhile are lost.
 */
public final class NotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final int WAIT_MS = 500;
    private static final long PROBE_AFTER_NANOS = 5_000_000_000L;

    private final String url;
    private final String username;
    private final String password;
    private final List<StoreChanges> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection connection;

    public NotificationListener(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.thread = new Thread(this::run, "eventbridge-pg-listener");
        this.thread.setDaemon(true);
    }

    /** Adds a listener; the first one starts the listening thread. */
    public synchronized void add(StoreChanges l) {
        listeners.add(l);
        if (!thread.isAlive() && running) {
            thread.start();
        }
    }

    /** Whether the listening connection is open now. */
    public boolean listening() {
        return listening;
    }

    private void run() {
        long pause = 100;
        boolean heardBefore = false;
        boolean reported = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, properties()); Statement s = c.createStatement()) {
                connection = c;
                for (String channel : List.of(Channels.EVENTS, Channels.SUBSCRIPTIONS, Channels.LEASES)) {
                    s.execute("LISTEN " + channel);
                }
                listening = true;
                if (heardBefore) {
                    LOG.info("Listening for other instances' changes again");
                    everything();
                }
                heardBefore = true;
                reported = false;
                pause = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastHeard = System.nanoTime();
                while (running) {
                    PGNotification[] batch = pg.getNotifications(WAIT_MS);
                    if (batch != null && batch.length > 0) {
                        dispatch(batch);
                        lastHeard = System.nanoTime();
                    } else if (System.nanoTime() - lastHeard > PROBE_AFTER_NANOS) {
                        s.execute("SELECT 1"); // a silent dead peer shows up here (socket timeout), not in the wait
                        lastHeard = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    break;
                }
                if (!reported) {
                    LOG.warn("Not hearing other instances' changes ({}); dispatchers fall back to their idle recheck until the connection"
                            + " is back", e instanceof SQLException sql ? SqlErrors.describe(sql) : e.toString());
                    reported = true;
                }
                sleep(pause);
                pause = Math.min(5_000, pause * 2);
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private java.util.Properties properties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", username == null ? "" : username);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("socketTimeout", "10");
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "eventbridge-listener");
        return p;
    }

    private void dispatch(PGNotification[] batch) {
        boolean events = false;
        boolean subscriptions = false;
        boolean leases = false;
        for (PGNotification n : batch) {
            switch (n.getName()) {
                case Channels.EVENTS -> events = true;
                case Channels.SUBSCRIPTIONS -> subscriptions = true;
                case Channels.LEASES -> leases = true;
                default -> { }
            }
        }
        for (StoreChanges l : listeners) {
            try {
                if (events) {
                    l.eventsAppended();
                }
                if (subscriptions) {
                    l.subscriptionsChanged();
                }
                if (leases) {
                    l.leaseReleased();
                }
            } catch (RuntimeException e) {
                LOG.warn("A store change listener failed: {}", e.toString());
            }
        }
    }

    private void everything() {
        for (StoreChanges l : listeners) {
            try {
                l.eventsAppended();
                l.subscriptionsChanged();
                l.leaseReleased();
            } catch (RuntimeException e) {
                LOG.warn("A store change listener failed: {}", e.toString());
            }
        }
    }

    private void sleep(long millis) {
        synchronized (this) {
            try {
                if (running) {
                    wait(millis); // close() notifies
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // ends a getNotifications wait at once
            } catch (SQLException e) {
                // closing anyway
            }
        }
        if (thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
