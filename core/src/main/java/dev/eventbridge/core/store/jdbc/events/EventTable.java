package dev.eventbridge.core.store.jdbc.events;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.json.StoredData;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.store.jdbc.Dialect;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The event log: {@code eb_events} and its head {@code eb_log_head}. Sequences come from the head
 * row, updated in the appending transaction: its row lock serialises appends across instances, so
 * commits happen in sequence order and readers never see a gap that fills later.
 *
 * <p>As the sole writer of an H2 file it appends through {@link SoleWriter} (one kept connection,
 * sequences counted in memory, each group forced to disk) and reads only up to the last append whose commit returned,
 * {@link #durable}: H2 makes a commit visible to other sessions before it writes it to disk, and
 * when that write fails (disk full) the database reopens without it and gives its sequences to
 * later events. A reader that had seen the lost events would skip those later ones.
 */
public final class EventTable {

    private static final String COLUMNS = "seq, id, namespace, type, topic, reference, cid, created, traceparent, tracestate";
    /** The column of the data, after {@link #COLUMNS}. */
    private static final int DATA = 11;
    private static final String INSERT = "INSERT INTO eb_events (" + COLUMNS + ", data) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

    private final DataSource dataSource;
    private final Dialect dialect;
    /** Whether eb_events.data holds bytes; false in stores created by early versions (a CLOB). */
    private final boolean binaryData;
    /** The last sequence known to be on disk, as the sole writer of an H2 file; MAX_VALUE otherwise (no limit). */
    private volatile long durable = Long.MAX_VALUE;
    /** The appends of the sole writer of an H2 file; null otherwise. */
    private final SoleWriter soleWriter;

    /** @param sole whether this is the only writer of an H2 database on disk (see the class comment) */
    public EventTable(DataSource dataSource, Dialect dialect, boolean sole) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.binaryData = dataColumnIsBinary();
        if (sole) {
            durable = headRow();
        }
        this.soleWriter = sole ? new SoleWriter(dataSource, INSERT, binaryData) : null;
    }

    /**
     * Appends in one transaction. Event data is stored as UTF-8 bytes inline, not as a CLOB or
     * VARCHAR: H2 copies every CLOB into LOB storage and encodes VARCHAR pages character by
     * character, both of which dominated the benchmark's profile; bytes are copied in bulk.
     *
     * @param onCommit runs in the transaction just before its commit (a notification), or null
     */
    public List<Event> append(List<NewEvent> events, AppendHook onCommit) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            if (soleWriter != null) {
                List<Event> stored = soleWriter.append(events, now, onCommit);
                advanceDurable(stored.get(stored.size() - 1).sequence());
                return stored;
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    long seq = reserve(c, events.size()) - events.size();
                    List<Event> stored;
                    try (PreparedStatement ins = c.prepareStatement(INSERT)) {
                        stored = insertRows(ins, seq + 1, events, now, binaryData);
                    }
                    if (onCommit != null) {
                        onCommit.beforeCommit(c, seq + events.size());
                    }
                    c.commit();
                    return stored;
                } catch (SQLException | RuntimeException e) {
                    SqlErrors.rollback(c, e);
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("append of " + events.size() + " event(s)" + (events.size() == 1 ? " (id " + events.get(0).id() + ")" : ""), e);
        }
    }

    /** Inserts {@code events} with sequences from {@code first} on, as one JDBC batch; returns them as stored. */
    static List<Event> insertRows(PreparedStatement ins, long first, List<NewEvent> events, Instant now, boolean binaryData)
            throws SQLException {
        long seq = first - 1;
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        List<Event> stored = new ArrayList<>(events.size());
        for (NewEvent e : events) {
            seq++;
            ins.setLong(1, seq);
            ins.setString(2, e.id().toString());
            ins.setString(3, e.namespace());
            ins.setString(4, e.type());
            ins.setString(5, e.topic());
            ins.setString(6, e.reference());
            ins.setString(7, e.cid() == null ? null : e.cid().toString());
            ins.setLong(8, micros);
            ins.setString(9, e.traceparent());
            ins.setString(10, e.tracestate());
            byte[] data = StoredData.encode(e.data());
            if (binaryData) {
                ins.setBytes(DATA, data);
            } else {
                ins.setString(DATA, data == null ? null : new String(data, StandardCharsets.UTF_8));
            }
            ins.addBatch();
            stored.add(new Event(e.id(), seq, e.namespace(), e.type(), e.topic(), e.reference(), e.cid(), now,
                    e.traceparent(), e.tracestate()));
        }
        ins.executeBatch();
        return stored;
    }

    /** Returns the sole writer's connection to the pool; appends after this take a new one. */
    public void close() {
        if (soleWriter != null) {
            soleWriter.close();
        }
    }

    /** A commit that returned is on disk, and so is every commit before it (H2 writes its changes in order). */
    private synchronized void advanceDurable(long seq) {
        if (seq > durable) {
            durable = seq;
        }
    }

    /** Work done in the appending transaction. */
    @FunctionalInterface
    public interface AppendHook {
        void beforeCommit(Connection c, long lastSequence) throws SQLException;
    }

    private long reserve(Connection c, int count) throws SQLException {
        if (dialect == Dialect.H2) { // two plain statements: 4-7% more single-event ingest than one FINAL TABLE query, in paired runs
            try (PreparedStatement up = c.prepareStatement("UPDATE eb_log_head SET last_seq = last_seq + ? WHERE id = 1")) {
                up.setLong(1, count);
                up.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT last_seq FROM eb_log_head WHERE id = 1");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
        try (PreparedStatement up = c.prepareStatement(dialect.reserveSql())) {
            up.setLong(1, count);
            try (ResultSet rs = up.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<StoredEvent> readAfter(long afterSequence, int limit, boolean withData) {
        String sql = "SELECT " + COLUMNS + (withData ? ", data" : "") + " FROM eb_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, afterSequence);
            ps.setLong(2, durable);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredEvent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StoredEvent(event(rs), withData ? data(rs) : null));
                }
                return out;
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("read after " + afterSequence, e);
        }
    }

    public Optional<StoredEvent> event(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", data FROM eb_events WHERE id = ? AND seq <= ?")) {
            ps.setString(1, id.toString());
            ps.setLong(2, durable);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredEvent(event(rs), data(rs))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("read of event " + id, e);
        }
    }

    /** The sequence of the newest event (on disk, for the sole writer of an H2 file). */
    public long lastSequence() {
        long d = durable;
        return d != Long.MAX_VALUE ? d : headRow();
    }

    private long headRow() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_seq FROM eb_log_head WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw SqlErrors.wrap("read of the last sequence", e);
        }
    }

    private boolean dataColumnIsBinary() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT data FROM eb_events WHERE 1 = 0")) {
            int type = rs.getMetaData().getColumnType(1);
            return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB;
        } catch (SQLException e) {
            throw SqlErrors.wrap("inspecting the event table", e);
        }
    }

    /** Column {@link #DATA}, the data: UTF-8 bytes; text in stores created by early versions (CLOB). */
    private static DataArray data(ResultSet rs) throws SQLException {
        Object value = rs.getObject(DATA);
        if (value == null) {
            return DataArray.empty();
        }
        if (value instanceof byte[] bytes) {
            return StoredData.decode(bytes);
        }
        if (value instanceof java.sql.Clob clob) {
            return StoredData.decode(clob.getSubString(1, (int) clob.length()));
        }
        return StoredData.decode(value.toString());
    }

    private static Event event(ResultSet rs) throws SQLException {
        String cid = rs.getString(7);
        long micros = rs.getLong(8);
        return new Event(UUID.fromString(rs.getString(2)), rs.getLong(1), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), cid == null ? null : UUID.fromString(cid), Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                rs.getString(9), rs.getString(10));
    }
}
