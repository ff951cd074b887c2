package dev.eventbridge.core.store.jdbc;

import dev.eventbridge.core.store.StoreException;

/** What differs between the databases the store runs on: a few statements and the migration folder. */
public enum Dialect {

    /** Embedded H2 (one instance), or H2 over TCP. */
    H2("h2", "SELECT last_seq FROM FINAL TABLE (UPDATE eb_log_head SET last_seq = last_seq + ? WHERE id = 1)",
            "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)"),
    /** PostgreSQL, shared by several bridge instances. */
    POSTGRESQL("postgresql", "UPDATE eb_log_head SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq",
            "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");

    private final String folder;
    private final String reserveSql;
    private final String nowMillis;

    Dialect(String folder, String reserveSql, String nowMillis) {
        this.folder = folder;
        this.reserveSql = reserveSql;
        this.nowMillis = nowMillis;
    }

    /** The dialect of a JDBC URL. */
    public static Dialect of(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new StoreException("unsupported store URL (use jdbc:h2:... or jdbc:postgresql://...): "
                + url.substring(0, Math.min(url.length(), url.indexOf(':', 5) + 1)), null);
    }

    /** Flyway's location of this database's migrations. */
    public String migrations() {
        return "classpath:db/migration/" + folder;
    }

    /** Bumps the log head by {@code ?} under its row lock and returns the new last sequence, in one statement. */
    public String reserveSql() {
        return reserveSql;
    }

    /** {@code update} made to return {@code column} of the updated rows, as a query. */
    public String returning(String update, String column) {
        return this == POSTGRESQL ? update + " RETURNING " + column : "SELECT " + column + " FROM FINAL TABLE (" + update + ")";
    }

    /**
     * A locking clause for a sub-select that checks a lease inside a write: on PostgreSQL the
     * lease row is share-locked for the statement, so a takeover waits for it and a write after a
     * committed takeover re-checks the new row version and finds the tenure over.
     */
    public String shareLock() {
        return this == POSTGRESQL ? " FOR SHARE" : "";
    }

    /** The database's clock in epoch milliseconds, as an SQL expression (lease times use it, never an instance's clock). */
    public String nowMillis() {
        return nowMillis;
    }
}
