package dev.eventbridge.core.store.jdbc.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.json.SubscriptionJson;
import dev.eventbridge.core.store.DuplicateSubscriptionException;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import dev.eventbridge.core.store.jdbc.notify.Channels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Durable subscriptions ({@code eb_subscriptions}, unique per namespace and name). A subscription
 * is created together with its offset row, and deleted with its offset, dead letters and lease.
 */
public final class SubscriptionTable {

    private static final String SELECT = "SELECT id, namespace, name, transport, definition, created FROM eb_subscriptions";

    private final DataSource dataSource;
    private final boolean notify;

    /** @param notify whether to tell other instances of each change (PostgreSQL NOTIFY) */
    public SubscriptionTable(DataSource dataSource, boolean notify) {
        this.dataSource = dataSource;
        this.notify = notify;
    }

    private void changed(Connection c, UUID id) throws SQLException {
        if (notify) {
            Channels.notify(c, Channels.SUBSCRIPTIONS, id.toString());
        }
    }

    /** Stores a new subscription and its initial offset; refuses a second one with its name. */
    public void create(Subscription s, long initialOffset) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO eb_subscriptions (id, namespace, name, transport, definition, created) VALUES (?,?,?,?,?,?)");
                 PreparedStatement off = c.prepareStatement("INSERT INTO eb_offsets (subscription_id, seq) VALUES (?, ?)")) {
                ins.setString(1, s.ref().id().toString());
                ins.setString(2, s.ref().namespace());
                ins.setString(3, s.ref().name());
                ins.setString(4, s.transport());
                ins.setString(5, Json.write(definition(s)));
                ins.setLong(6, s.created().toEpochMilli());
                ins.executeUpdate();
                off.setString(1, s.ref().id().toString());
                off.setLong(2, initialOffset);
                off.executeUpdate();
                changed(c, s.ref().id());
                c.commit();
            } catch (SQLException e) {
                SqlErrors.rollback(c, e);
                if (SqlErrors.isConstraintViolation(e)) {
                    throw new DuplicateSubscriptionException(s.ref().namespace(), s.ref().name());
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("create of subscription " + s.ref(), e);
        }
    }

    /**
     * Stores the subscription unless one of its namespace and name exists; either way returns the
     * stored one. Instances declaring the same subscription concurrently all get the one stored.
     */
    public Subscription createIfAbsent(Subscription s, long initialOffset) {
        Optional<Subscription> existing = byName(s.ref().namespace(), s.ref().name());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            create(s, initialOffset);
            return s;
        } catch (DuplicateSubscriptionException e) {
            return byName(s.ref().namespace(), s.ref().name())
                    .orElseThrow(() -> new StoreException("subscription " + s.ref() + " was created and deleted concurrently", e));
        }
    }

    private static ObjectNode definition(Subscription s) {
        ObjectNode definition = Json.object();
        definition.set("filter", SubscriptionJson.filterToJson(s.filter()));
        definition.set("options", SubscriptionJson.optionsToJson(s.options()));
        return definition;
    }

    public List<Subscription> all() {
        return query(SELECT + " ORDER BY created, name");
    }

    public Optional<Subscription> byId(UUID id) {
        return query(SELECT + " WHERE id = ?", id.toString()).stream().findFirst();
    }

    public Optional<Subscription> byName(String namespace, String name) {
        return query(SELECT + " WHERE namespace = ? AND name = ?", namespace, name).stream().findFirst();
    }

    private List<Subscription> query(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
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
            throw SqlErrors.wrap("read of subscriptions", e);
        }
    }

    /** Deletes a subscription with its offset, dead letters and lease; false if there was none. */
    public boolean delete(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = delete(c, "eb_subscriptions", "id", id);
                delete(c, "eb_offsets", "subscription_id", id);
                delete(c, "eb_dead_letters", "subscription_id", id);
                delete(c, "eb_leases", "subscription_id", id);
                changed(c, id);
                c.commit();
                return n > 0;
            } catch (SQLException e) {
                SqlErrors.rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("delete of subscription " + id, e);
        }
    }

    private static int delete(Connection c, String table, String column, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            ps.setString(1, id.toString());
            return ps.executeUpdate();
        }
    }
}
