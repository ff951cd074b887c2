package dev.eventbridge.bench.store;

import dev.eventbridge.core.store.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The same H2 file, schema (core's migrations, run by opening a {@link JdbcEventStore} once) and
 * statements as {@link H2BridgeCandidate}, without what is ours rather than H2's: one connection
 * kept open (no pool), the INSERT, SELECT and CHECKPOINT SYNC statements prepared once, sequences
 * assigned in memory (the sole writer knows the last one; no head row UPDATE + SELECT per group),
 * and the data written as the stored bytes instead of encoded from the data array per event.
 * Still one commit and one {@code CHECKPOINT SYNC} per group.
 */
final class H2LeanCandidate implements Candidate {

    private static final String COLUMNS = "seq, id, namespace, type, topic, reference, cid, created, traceparent, tracestate, data";

    private final Connection c;
    private final PreparedStatement insert;
    private final PreparedStatement read;
    private final Statement sync;
    private long seq;

    H2LeanCandidate(Path dir) throws SQLException {
        String url = H2BridgeCandidate.url(dir);
        new JdbcEventStore(url, "sa", null).close(); // core's schema, exactly
        c = DriverManager.getConnection(url, "sa", "");
        c.setAutoCommit(false);
        insert = c.prepareStatement("INSERT INTO eb_events (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        read = c.prepareStatement("SELECT " + COLUMNS + " FROM eb_events WHERE seq > ? ORDER BY seq LIMIT ?");
        sync = c.createStatement();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM eb_events")) {
            rs.next();
            seq = rs.getLong(1);
        }
        c.commit();
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
        sync.execute("CHECKPOINT SYNC");
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
