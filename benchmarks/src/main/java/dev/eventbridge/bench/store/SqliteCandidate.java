package dev.eventbridge.bench.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * SQLite (xerial sqlite-jdbc) in WAL mode with {@code synchronous=FULL}, so that every commit syncs
 * the WAL before it returns. The table is H2's {@code eb_events} with SQLite's types: seq is an
 * {@code INTEGER PRIMARY KEY} (the rowid, SQLite's clustered key), data a BLOB, id still UNIQUE.
 * Like {@link H2LeanCandidate}: one connection, statements prepared once, sequences in memory.
 */
final class SqliteCandidate implements Candidate {

    private static final String COLUMNS = "seq, id, namespace, type, topic, reference, cid, created, traceparent, tracestate, data";

    private final Connection c;
    private final PreparedStatement insert;
    private final PreparedStatement read;
    private long seq;

    SqliteCandidate(Path dir) throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.toAbsolutePath().resolve("eventbridge.db"));
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
                if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new IllegalStateException("SQLite did not switch to WAL: " + rs.getString(1));
                }
            }
            st.execute("PRAGMA synchronous=FULL");
            st.execute("CREATE TABLE IF NOT EXISTS eb_events (seq INTEGER PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE,"
                    + " namespace VARCHAR(64) NOT NULL, type VARCHAR(256) NOT NULL, topic VARCHAR(256) NOT NULL,"
                    + " reference VARCHAR(1024), cid VARCHAR(36), created BIGINT NOT NULL, data BLOB,"
                    + " traceparent VARCHAR(55), tracestate VARCHAR(512))");
            try (ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
                rs.next();
                if (rs.getInt(1) != 2) {
                    throw new IllegalStateException("SQLite synchronous is " + rs.getInt(1) + ", not FULL (2)");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM eb_events")) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        c.setAutoCommit(false);
        insert = c.prepareStatement("INSERT INTO eb_events (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        read = c.prepareStatement("SELECT " + COLUMNS + " FROM eb_events WHERE seq > ? ORDER BY seq LIMIT ?");
    }

    @Override
    public long append(List<Events.Event> group) throws SQLException {
        long s = seq;
        try {
            for (Events.Event e : group) {
                Sql.bind(insert, ++s, e);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
        seq = s;
        return s;
    }

    @Override
    public long readAfter(long afterSequence, int limit) throws SQLException {
        read.setLong(1, afterSequence);
        read.setInt(2, limit);
        try (ResultSet rs = read.executeQuery()) {
            return Sql.consume(rs);
        } finally {
            c.commit();
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
