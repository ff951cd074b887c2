package dev.eventbridge.core.store.jdbc.events;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.store.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The appends of the only writer of an H2 file: one connection kept with its statements prepared
 * once, and sequences counted here instead of read back from the head row in every transaction
 * (the row is still written in it, so a restart finds the head). In the ingest profile, preparing
 * the statements and reserving the sequences were a fifth of the log writer's time per append.
 * Any failure drops the connection and what was counted: the next append takes a new connection
 * and reads the head row again, as H2 reopens the file at its last complete commit after a failed
 * write. Appends are serialised on this object (the log has one writer thread).
 */
final class SoleWriter implements AutoCloseable {

    private final DataSource dataSource;
    private final String insertSql;
    private final boolean binaryData;
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement head;
    private Statement sync;
    /** The newest sequence in the database, as this writer counts it; valid while {@link #connection} is open. */
    private long last;

    SoleWriter(DataSource dataSource, String insertSql, boolean binaryData) {
        this.dataSource = dataSource;
        this.insertSql = insertSql;
        this.binaryData = binaryData;
    }

    /**
     * Appends {@code events} in one transaction, committed and then forced to disk; returns them
     * sequenced. An embedded H2 commit with WRITE_DELAY=0 writes its chunk to the file but never
     * calls fsync (strace showed none over 50 acknowledged publishes), so a power cut or an OS crash
     * could lose events already answered 201: {@code CHECKPOINT SYNC} makes H2 force its file, once
     * per append, that is per group commit of the log. On failure the transaction is rolled back,
     * the connection dropped, and the exception thrown.
     */
    synchronized List<Event> append(List<NewEvent> events, Instant now, EventTable.AppendHook onCommit)
            throws SQLException {
        try {
            open();
            long first = last + 1;
            long newest = last + events.size();
            head.setLong(1, newest);
            head.executeUpdate();
            List<Event> stored = EventTable.insertRows(insert, first, events, now, binaryData);
            if (onCommit != null) {
                onCommit.beforeCommit(connection, newest);
            }
            connection.commit();
            last = newest;
            sync.execute("CHECKPOINT SYNC");
            return stored;
        } catch (SQLException | RuntimeException e) {
            drop(e);
            throw e;
        }
    }

    private void open() throws SQLException {
        if (connection != null) {
            return;
        }
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_seq FROM eb_log_head WHERE id = 1")) {
                rs.next();
                last = rs.getLong(1);
            }
            c.commit();
            insert = c.prepareStatement(insertSql);
            head = c.prepareStatement("UPDATE eb_log_head SET last_seq = ? WHERE id = 1");
            sync = c.createStatement();
            connection = c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Rolls back what is open and returns the connection to the pool (which drops a broken one). */
    private void drop(Exception cause) {
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public synchronized void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: the pool closes it too
            }
        }
    }
}
