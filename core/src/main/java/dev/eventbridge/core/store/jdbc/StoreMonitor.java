package dev.eventbridge.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventbridge.core.store.LeaseLostException;
import dev.eventbridge.core.store.StoreDownException;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreHealth;
import dev.eventbridge.core.store.StoreRefusedException;
import dev.eventbridge.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's health, and its way back from failures. Every store call runs through {@link #read}
 * or {@link #write}: a failure that is not about the data (a full disk, the database unreachable)
 * marks the store down, logged once at ERROR; while down, writes fail at once and a probe tries a
 * harmless write every {@link #PROBE_EVERY}; the first that succeeds marks the store up, logged
 * once at INFO.
 *
 * <p>On H2 a failed write closes the database ({@code MVStore.panic}: the file is closed, every
 * session of it then fails with "database is closed"); a new session reopens the file at its last
 * complete chunk. So after such a failure the monitor evicts the pool's connections until a new
 * one reads ({@link #reopen}), and a read that met the closed database is tried again on a new
 * connection: reads keep working while the disk is full, writes fail with an error.
 */
final class StoreMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMonitor.class);
    /** How often a down store is probed. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    /** How long after the last successful store call {@link #health()} has the store checked (in the background). */
    static final Duration CHECK_AFTER = Duration.ofSeconds(5);
    /** Attempts of a read that meets a closed H2 database, reopening it in between. */
    private static final int READ_ATTEMPTS = 4;
    private static final String CHECK = "SELECT last_seq FROM eb_log_head WHERE id = 1";
    private static final String PROBE = "UPDATE eb_log_head SET last_seq = last_seq WHERE id = 1";

    private record Down(String what, Instant since, String reason) {
    }

    private final HikariDataSource dataSource;
    private final AtomicReference<Down> down = new AtomicReference<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eventbridge-store-probe");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean checking = new AtomicBoolean();
    private final Object reopening = new Object();
    private volatile long lastOk = System.nanoTime();
    private volatile boolean closed;

    StoreMonitor(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The health as of the last store call. When that was more than {@link #CHECK_AFTER} ago,
     * also starts a read in the background, so an idle store that became unreachable is reported
     * down soon after (the caller never waits on the database).
     */
    StoreHealth health() {
        Down d = down.get();
        if (d == null) {
            if (System.nanoTime() - lastOk > CHECK_AFTER.toNanos() && checking.compareAndSet(false, true)) {
                later(this::check, 0);
            }
            return StoreHealth.OK;
        }
        return StoreHealth.down(d.what() + " since " + d.since().truncatedTo(ChronoUnit.SECONDS) + ": " + d.reason());
    }

    private void check() {
        try {
            read(() -> {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.executeQuery(CHECK).close();
                    return null;
                } catch (SQLException e) {
                    throw SqlErrors.wrap("store check", e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Store check failed: {}", e.getMessage());
        } finally {
            checking.set(false);
        }
    }

    private void later(Runnable task, long delayMillis) {
        if (!closed) {
            try {
                prober.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    /** Runs a read; one that met a closed H2 database is tried again once it is reopened. */
    <T> T read(Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = read.get();
                lastOk = System.nanoTime();
                return result;
            } catch (StoreException e) {
                boolean closedDatabase = closedDatabase(e);
                if (closedDatabase && attempt < READ_ATTEMPTS && !this.closed) {
                    reopen();
                    continue;
                }
                if (closedDatabase) {
                    failed("reads failing", e);
                } else if (e instanceof StoreUnavailableException) {
                    failed("unreachable", e);
                }
                throw e;
            }
        }
    }

    /**
     * Runs a write: its success marks the store up, a failure not about the data down. While the
     * store is down it fails at once ({@link StoreDownException}) and only the probe writes:
     * a failed write costs H2 its open database, PostgreSQL a connection timeout.
     */
    <T> T write(Supplier<T> write) {
        if (down.get() != null) {
            throw new StoreDownException("the store is down, " + health().detail());
        }
        return attempt(write);
    }

    private <T> T attempt(Supplier<T> write) {
        T result;
        try {
            result = write.get();
        } catch (StoreException e) {
            if (systemic(e)) {
                failed(e instanceof StoreUnavailableException && !closedDatabase(e) ? "unreachable" : "writes failing", e);
                if (closedDatabase(e)) {
                    reopen(); // so reads work on; this write failed and says so
                }
            }
            throw e;
        }
        lastOk = System.nanoTime();
        succeeded();
        return result;
    }

    void write(Runnable write) {
        write(() -> {
            write.run();
            return null;
        });
    }

    private static boolean closedDatabase(StoreException e) {
        return e.getCause() instanceof SQLException s && SqlErrors.isDatabaseClosed(s);
    }

    /** Not about the data (refused), a lost lease, or a transaction conflict that a retry resolves (class 40). */
    private static boolean systemic(StoreException e) {
        if (e instanceof StoreRefusedException || e instanceof LeaseLostException) {
            return false;
        }
        return !(e.getCause() instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("40"));
    }

    private void failed(String what, StoreException e) {
        Down d = new Down(what, Instant.now(), reason(e));
        if (down.compareAndSet(null, d)) {
            LOG.error("The store is down, {}: {}; trying a write every {} ms until one succeeds", what, d.reason(), PROBE_EVERY.toMillis());
        }
        if (probing.compareAndSet(false, true)) {
            later(this::probe, PROBE_EVERY.toMillis());
        }
    }

    private void succeeded() {
        Down d = down.get() == null ? null : down.getAndSet(null);
        if (d != null) {
            LOG.info("The store is up again (down since {}, {})", d.since().truncatedTo(ChronoUnit.SECONDS), d.what());
        }
    }

    /** Probe thread: one write; again after {@link #PROBE_EVERY} while the store is down. */
    private void probe() {
        if (closed) {
            return;
        }
        try {
            attempt(() -> {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    return s.executeUpdate(PROBE);
                } catch (SQLException e) {
                    throw SqlErrors.wrap("store probe", e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Store probe failed: {}", e.getMessage());
        }
        probing.set(false);
        if (down.get() != null && probing.compareAndSet(false, true)) {
            later(this::probe, PROBE_EVERY.toMillis());
        }
    }

    /**
     * After H2 closed the database: evicts the pool's connections until a new one reads, which
     * reopens the file. The first session to use the closed database takes it out of H2's
     * registry, so a second round may be needed. Serialised; it gives up quietly, as the caller
     * reports its own failure.
     */
    private void reopen() {
        synchronized (reopening) {
            for (int round = 0; round < 3 && !closed; round++) {
                dataSource.getHikariPoolMXBean().softEvictConnections();
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.executeQuery(CHECK).close();
                    LOG.debug("Store reopened");
                    return;
                } catch (SQLException e) {
                    if (!SqlErrors.isDatabaseClosed(e)) {
                        return;
                    }
                }
            }
        }
    }

    /** The root cause where it says more than the driver's wrapping (an IOException's "No space left on device"), without a password. */
    static String reason(Throwable e) {
        Throwable root = e;
        SQLException sql = null;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (sql == null && root instanceof SQLException s) {
                sql = s;
            }
        }
        String text;
        if (!(root instanceof SQLException) && root.getMessage() != null && !(root instanceof RuntimeException)) {
            text = root.getMessage(); // an IOException, a ConnectException
        } else if (sql != null) {
            text = SqlErrors.describe(sql);
        } else {
            text = e.getMessage();
        }
        text = JdbcEventStore.redacted(String.valueOf(text)).replaceAll("\\s+", " ").trim();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Override
    public void close() {
        closed = true;
        prober.shutdownNow();
    }
}
