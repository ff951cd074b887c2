package dev.eventbridge.core.store.jdbc.leases;

import dev.eventbridge.core.store.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/** Subscription leases ({@code eb_leases}): which instance may deliver a subscription when several share the store. */
public final class LeaseTable {

    private final DataSource dataSource;

    public LeaseTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean acquire(UUID subscriptionId, String owner, Instant now, Duration ttl) {
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
                if (SqlErrors.isConstraintViolation(e)) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("lease of subscription " + subscriptionId, e);
        }
    }

    public void release(UUID subscriptionId, String owner) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM eb_leases WHERE subscription_id = ? AND owner = ?")) {
            ps.setString(1, subscriptionId.toString());
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.wrap("release of the lease of " + subscriptionId, e);
        }
    }
}
