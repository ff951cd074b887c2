package dev.eventbridge.core.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.json.SubscriptionJson;
import dev.eventbridge.core.store.DeadLetter;
import dev.eventbridge.core.store.DuplicateSubscriptionException;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a JDBC database: H2 embedded (file or in-memory) or PostgreSQL shared by several
 * bridge instances. Sequences come from one row ({@code eb_log_head}) updated in the appending
 * transaction: its row lock serialises appends across instances, so commits happen in sequence
 * order and readers never see a gap that fills later.
 */
public final class JdbcEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
    private static final String EVENT_COLUMNS = "seq, id, namespace, type, topic, reference, cid, created";

    private final HikariDataSource dataSource;
    /** Reserves sequence numbers: bumps the log head under its row lock and returns the new last sequence, in one statement. */
    private final String reserveSql;
    /** Whether eb_events.data holds bytes; false in stores created by earlier versions (text column). */
    private final boolean binaryData;
    private final String url;

    /**
     * Connects and creates the schema if needed.
     *
     * @param url a JDBC URL, for example {@code jdbc:h2:file:./data/eventbridge}
     */
    public JdbcEventStore(String url, String username, String password) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("eventbridge-store");
        config.setConnectionTimeout(10_000);
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store at " + url + ": " + rootMessage(e), e);
        }
        // Event data is stored as UTF-8 bytes inline, not as a CLOB or VARCHAR: H2 copies every CLOB
        // into separate LOB storage on insert and streams it back on read, and it encodes VARCHAR
        // pages character by character on each commit; both dominated append and readAfter in the
        // benchmark's profile. Bytes are copied in bulk.
        boolean postgres = url.startsWith("jdbc:postgresql:");
        this.reserveSql = postgres
                ? "UPDATE eb_log_head SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq"
                : "SELECT last_seq FROM FINAL TABLE (UPDATE eb_log_head SET last_seq = last_seq + ? WHERE id = 1)";
        createSchema(postgres ? "TEXT" : "CHARACTER VARYING", postgres ? "BYTEA" : "BINARY VARYING");
        this.binaryData = dataColumnIsBinary();
        LOG.info("Store open at {}, last sequence {}", url, lastSequence());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private void createSchema(String clob, String blob) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS eb_log_head (id INT PRIMARY KEY, last_seq BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS eb_events (seq BIGINT PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE,"
                    + " namespace VARCHAR(64) NOT NULL, type VARCHAR(256) NOT NULL, topic VARCHAR(256) NOT NULL,"
                    + " reference VARCHAR(1024), cid VARCHAR(36), created BIGINT NOT NULL, data " + blob + ")");
            s.execute("CREATE TABLE IF NOT EXISTS eb_subscriptions (id VARCHAR(36) PRIMARY KEY, namespace VARCHAR(64) NOT NULL,"
                    + " name VARCHAR(64) NOT NULL, transport VARCHAR(64) NOT NULL, definition " + clob + " NOT NULL,"
                    + " created BIGINT NOT NULL, CONSTRAINT eb_subscriptions_name UNIQUE (namespace, name))");
            s.execute("CREATE TABLE IF NOT EXISTS eb_offsets (subscription_id VARCHAR(36) PRIMARY KEY, seq BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS eb_dead_letters (subscription_id VARCHAR(36) NOT NULL, seq BIGINT NOT NULL,"
                    + " event_id VARCHAR(36) NOT NULL, attempts INT NOT NULL, reason VARCHAR(2048), created BIGINT NOT NULL,"
                    + " PRIMARY KEY (subscription_id, seq))");
            s.execute("CREATE TABLE IF NOT EXISTS eb_leases (subscription_id VARCHAR(36) PRIMARY KEY, owner VARCHAR(64) NOT NULL,"
                    + " expires BIGINT NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM eb_log_head")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    s.execute("INSERT INTO eb_log_head (id, last_seq) VALUES (1, 0)");
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot create the schema at " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Event> append(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long last;
                try (PreparedStatement up = c.prepareStatement(reserveSql)) {
                    up.setLong(1, events.size());
                    try (ResultSet rs = up.executeQuery()) {
                        rs.next();
                        last = rs.getLong(1);
                    }
                }
                long seq = last - events.size();
                List<Event> stored = new ArrayList<>(events.size());
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO eb_events (" + EVENT_COLUMNS + ", data) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    for (NewEvent e : events) {
                        seq++;
                        ins.setLong(1, seq);
                        ins.setString(2, e.id().toString());
                        ins.setString(3, e.namespace());
                        ins.setString(4, e.type());
                        ins.setString(5, e.topic());
                        ins.setString(6, e.reference());
                        ins.setString(7, e.cid() == null ? null : e.cid().toString());
                        ins.setLong(8, ChronoUnit.MICROS.between(Instant.EPOCH, now));
                        String dataText = e.data().isEmpty() ? null : Json.dataToStore(e.data());
                        if (binaryData) {
                            ins.setBytes(9, dataText == null ? null : dataText.getBytes(StandardCharsets.UTF_8));
                        } else {
                            ins.setString(9, dataText);
                        }
                        ins.addBatch();
                        stored.add(new Event(e.id(), seq, e.namespace(), e.type(), e.topic(), e.reference(), e.cid(), now));
                    }
                    ins.executeBatch();
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("append of " + events.size() + " events failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredEvent> readAfter(long afterSequence, int limit, boolean withData) {
        String sql = "SELECT " + EVENT_COLUMNS + (withData ? ", data" : "") + " FROM eb_events WHERE seq > ? ORDER BY seq LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, afterSequence);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredEvent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StoredEvent(event(rs), withData ? Json.dataFromStore(data(rs)) : null));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("read after " + afterSequence + " failed: " + e.getMessage(), e);
        }
    }

    private boolean dataColumnIsBinary() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT data FROM eb_events WHERE 1 = 0")) {
            int type = rs.getMetaData().getColumnType(1);
            return type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY
                    || type == java.sql.Types.LONGVARBINARY || type == java.sql.Types.BLOB;
        } catch (SQLException e) {
            throw new StoreException("cannot inspect the event table: " + e.getMessage(), e);
        }
    }

    /** Column 9, the data: UTF-8 bytes; text in stores created by earlier versions (CLOB). */
    private static String data(ResultSet rs) throws SQLException {
        Object value = rs.getObject(9);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value.toString();
    }

    private static Event event(ResultSet rs) throws SQLException {
        String cid = rs.getString(7);
        long micros = rs.getLong(8);
        return new Event(UUID.fromString(rs.getString(2)), rs.getLong(1), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), cid == null ? null : UUID.fromString(cid), Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    @Override
    public Optional<StoredEvent> event(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + ", data FROM eb_events WHERE id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredEvent(event(rs), Json.dataFromStore(data(rs)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("read of event " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long lastSequence() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_seq FROM eb_log_head WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("read of the last sequence failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void createSubscription(Subscription s, long initialOffset) {
        ObjectNode definition = Json.object();
        definition.set("filter", SubscriptionJson.filterToJson(s.filter()));
        definition.set("options", SubscriptionJson.optionsToJson(s.options()));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM eb_subscriptions WHERE namespace = ? AND name = ?")) {
                exists.setString(1, s.ref().namespace());
                exists.setString(2, s.ref().name());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        c.rollback();
                        throw new DuplicateSubscriptionException(s.ref().namespace(), s.ref().name());
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO eb_subscriptions (id, namespace, name, transport, definition, created) VALUES (?,?,?,?,?,?)");
                 PreparedStatement off = c.prepareStatement("INSERT INTO eb_offsets (subscription_id, seq) VALUES (?, ?)")) {
                ins.setString(1, s.ref().id().toString());
                ins.setString(2, s.ref().namespace());
                ins.setString(3, s.ref().name());
                ins.setString(4, s.transport());
                ins.setString(5, Json.write(definition));
                ins.setLong(6, s.created().toEpochMilli());
                ins.executeUpdate();
                off.setString(1, s.ref().id().toString());
                off.setLong(2, initialOffset);
                off.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    throw new DuplicateSubscriptionException(s.ref().namespace(), s.ref().name());
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("create of subscription " + s.ref() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Subscription> subscriptions() {
        return querySubscriptions("SELECT id, namespace, name, transport, definition, created FROM eb_subscriptions ORDER BY created, name", null);
    }

    @Override
    public Optional<Subscription> subscription(UUID id) {
        return querySubscriptions("SELECT id, namespace, name, transport, definition, created FROM eb_subscriptions WHERE id = ?", id)
                .stream().findFirst();
    }

    private List<Subscription> querySubscriptions(String sql, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setString(1, id.toString());
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Subscription> out = new ArrayList<>();
                while (rs.next()) {
                    JsonNode definition = Json.parse(rs.getString(5));
                    out.add(new Subscription(new SubscriptionRef(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3)),
                            rs.getString(4), SubscriptionJson.filterFromJson(definition.get("filter")),
                            SubscriptionJson.optionsFromJson(definition.get("options")), false, Instant.ofEpochMilli(rs.getLong(6))));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("read of subscriptions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean deleteSubscription(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM eb_subscriptions WHERE id = ?");
                 PreparedStatement off = c.prepareStatement("DELETE FROM eb_offsets WHERE subscription_id = ?");
                 PreparedStatement dead = c.prepareStatement("DELETE FROM eb_dead_letters WHERE subscription_id = ?")) {
                del.setString(1, id.toString());
                int n = del.executeUpdate();
                off.setString(1, id.toString());
                off.executeUpdate();
                dead.setString(1, id.toString());
                dead.executeUpdate();
                try (PreparedStatement lease = c.prepareStatement("DELETE FROM eb_leases WHERE subscription_id = ?")) {
                    lease.setString(1, id.toString());
                    lease.executeUpdate();
                }
                c.commit();
                return n > 0;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("delete of subscription " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong committedOffset(UUID subscriptionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM eb_offsets WHERE subscription_id = ?")) {
            ps.setString(1, subscriptionId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("read of the offset of " + subscriptionId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void commitOffset(UUID subscriptionId, long sequence) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE eb_offsets SET seq = ? WHERE subscription_id = ? AND seq < ?")) {
            ps.setLong(1, sequence);
            ps.setString(2, subscriptionId.toString());
            ps.setLong(3, sequence);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("commit of offset " + sequence + " for " + subscriptionId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deadLetter(DeadLetter d) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO eb_dead_letters (subscription_id, seq, event_id, attempts, reason, created)"
                     + " VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, d.subscriptionId().toString());
            ps.setLong(2, d.sequence());
            ps.setString(3, d.eventId().toString());
            ps.setInt(4, d.attempts());
            ps.setString(5, d.reason() == null ? null : d.reason().substring(0, Math.min(2048, d.reason().length())));
            ps.setLong(6, d.time().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return; // dead-lettered already (a retry after a failed offset commit)
            }
            throw new StoreException("dead-lettering event " + d.sequence() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<DeadLetter> deadLetters(UUID subscriptionId, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, event_id, attempts, reason, created FROM eb_dead_letters"
                     + " WHERE subscription_id = ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, subscriptionId.toString());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<DeadLetter> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DeadLetter(subscriptionId, rs.getLong(1), UUID.fromString(rs.getString(2)), rs.getInt(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("read of dead letters failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean acquireLease(UUID subscriptionId, String owner, Instant now, java.time.Duration ttl) {
        long expires = now.plus(ttl).toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE eb_leases SET owner = ?, expires = ? WHERE subscription_id = ? AND (owner = ? OR expires < ?)")) {
                up.setString(1, owner);
                up.setLong(2, expires);
                up.setString(3, subscriptionId.toString());
                up.setString(4, owner);
                up.setLong(5, now.toEpochMilli());
                if (up.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO eb_leases (subscription_id, owner, expires) VALUES (?,?,?)")) {
                ins.setString(1, subscriptionId.toString());
                ins.setString(2, owner);
                ins.setLong(3, expires);
                ins.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false; // another instance holds it
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("lease of subscription " + subscriptionId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseLease(UUID subscriptionId, String owner) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM eb_leases WHERE subscription_id = ? AND owner = ?")) {
            ps.setString(1, subscriptionId.toString());
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("release of the lease of " + subscriptionId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
        LOG.info("Store closed");
    }
}
