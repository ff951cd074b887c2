package dev.eventbridge.core.store.jdbc.schema;

import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.jdbc.Dialect;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to this version with Flyway, so any number of instances may start together on
 * an empty database: one migrates, the others wait and find it done. Flyway's own lock covers the
 * migrations but not the creation of its history table nor the baseline decision (two instances
 * both found "non-empty schema without history" and one failed), so the whole run holds a
 * PostgreSQL session advisory lock ({@link #LOCK_KEY}); on H2, embedded in one JVM, a JVM lock. Migrations are in {@code db/migration/<dialect>}; history in
 * {@code eb_schema_history}. A store created before migrations (tables but no history) is
 * baselined at version 0, and V1 creates only the tables it lacks.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** The advisory lock key every instance takes around its migration run ("ebschema"). */
    public static final long LOCK_KEY = 0x6562_7363_6865_6d61L;
    private static final Object JVM_LOCK = new Object();
    /** How long an instance waits for another's migration run. */
    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(5);

    private Migrations() {
    }

    /** Applies pending migrations under the lock; returns the schema version. */
    public static String migrate(DataSource dataSource, Dialect dialect) {
        if (dialect != Dialect.POSTGRESQL) {
            synchronized (JVM_LOCK) {
                return migrateLocked(dataSource, dialect);
            }
        }
        try (Connection lock = dataSource.getConnection(); Statement s = lock.createStatement()) {
            awaitLock(s);
            try {
                return migrateLocked(dataSource, dialect);
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("locking the schema for migration", e);
        }
    }

    /** Takes the lock, trying every 100 ms (no statement blocks on it) for at most {@link #LOCK_WAIT}. */
    private static void awaitLock(Statement s) throws SQLException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        boolean waited = false;
        while (true) {
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            if (!waited) {
                LOG.info("Another instance is migrating the store's schema; waiting for it");
                waited = true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StoreException("another bridge instance has held the schema migration lock for " + LOCK_WAIT.toSeconds()
                        + " s (a stopped or frozen instance?); start again once it is gone", null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for the schema migration lock", e);
            }
        }
    }

    private static String migrateLocked(DataSource dataSource, Dialect dialect) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .table("eb_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("store created before migrations")
                .lockRetryCount(600)
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Store schema migrated from version {} to {}", result.initialSchemaVersion, result.targetSchemaVersion);
            }
            return flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store's schema: " + e.getMessage(), e);
        }
    }
}
