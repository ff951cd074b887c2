package dev.eventbridge.core.store.jdbc.leases;

import dev.eventbridge.core.store.LeaseAttempt;
import dev.eventbridge.core.store.LeaseToken;
import dev.eventbridge.core.store.jdbc.Dialect;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import dev.eventbridge.core.store.jdbc.notify.Channels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Subscription leases ({@code eb_leases}): which instance may deliver a subscription when several
 * share the store. Expiry is the database's clock ({@link Dialect#nowMillis()}) in every statement,
 * never an instance's. Each acquisition increments the epoch (the fencing token); every statement is
 * one autocommitted statement, so a frozen instance never holds a lock another one waits for.
 */
public final class LeaseTable {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String now;

    public LeaseTable(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.now = dialect.nowMillis();
    }

    /** SQL that is true while {@code token}'s tenure lasts; parameters subscription, owner, epoch. */
    public String heldCondition() {
        return "subscription_id = ? AND owner = ? AND epoch = ? AND expires > " + now;
    }

    /** Takes the lease if nobody holds it or the holder's expired by the database clock. */
    public LeaseAttempt acquire(UUID subscriptionId, String owner, Duration ttl) {
        try (Connection c = dataSource.getConnection()) {
            String takeover = "UPDATE eb_leases SET owner = ?, epoch = epoch + 1, expires = " + now + " + ?"
                    + " WHERE subscription_id = ? AND expires <= " + now;
            try (PreparedStatement up = c.prepareStatement(dialect.returning(takeover, "epoch"))) {
                up.setString(1, owner);
                up.setLong(2, ttl.toMillis());
                up.setString(3, subscriptionId.toString());
                try (ResultSet rs = up.executeQuery()) {
                    if (rs.next()) {
                        return LeaseAttempt.taken(new LeaseToken(subscriptionId, owner, rs.getLong(1)));
                    }
                }
            }
            try (PreparedStatement left = c.prepareStatement("SELECT expires - " + now + " FROM eb_leases WHERE subscription_id = ?")) {
                left.setString(1, subscriptionId.toString());
                try (ResultSet rs = left.executeQuery()) {
                    if (rs.next()) { // held: try again when it runs out (an instance polling a held lease causes no errors)
                        return LeaseAttempt.refused(Duration.ofMillis(rs.getLong(1)));
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO eb_leases (subscription_id, owner, epoch, expires) VALUES (?, ?, 1, " + now + " + ?)")) {
                ins.setString(1, subscriptionId.toString());
                ins.setString(2, owner);
                ins.setLong(3, ttl.toMillis());
                ins.executeUpdate();
                return LeaseAttempt.taken(new LeaseToken(subscriptionId, owner, 1));
            } catch (SQLException e) {
                if (SqlErrors.isConstraintViolation(e)) {
                    return LeaseAttempt.refused(Duration.ZERO); // another instance inserted it just now: look again
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("lease of subscription " + subscriptionId, e);
        }
    }

    /** Extends the tenure to now + ttl (database clock); false if it ended (expired or taken over). */
    public boolean renew(LeaseToken token, Duration ttl) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE eb_leases SET expires = " + now + " + ? WHERE " + heldCondition())) {
            ps.setLong(1, ttl.toMillis());
            bind(ps, 2, token);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlErrors.wrap("renewal of the lease of " + token.subscriptionId(), e);
        }
    }

    /** Whether the tenure still lasts by the database clock. */
    public boolean held(LeaseToken token) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM eb_leases WHERE " + heldCondition())) {
            bind(ps, 1, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("check of the lease of " + token.subscriptionId(), e);
        }
    }

    /** Ends the tenure at once (the row stays, expired, so the next epoch is higher). */
    public void release(LeaseToken token) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE eb_leases SET expires = 0 WHERE subscription_id = ? AND owner = ? AND epoch = ?")) {
            bind(ps, 1, token);
            if (ps.executeUpdate() == 1 && dialect == Dialect.POSTGRESQL) {
                Channels.notify(c, Channels.LEASES, token.subscriptionId().toString()); // a standby takes over at once
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("release of the lease of " + token.subscriptionId(), e);
        }
    }

    /** Binds subscription, owner and epoch from {@code index}. */
    public static void bind(PreparedStatement ps, int index, LeaseToken token) throws SQLException {
        ps.setString(index, token.subscriptionId().toString());
        ps.setString(index + 1, token.owner());
        ps.setLong(index + 2, token.epoch());
    }
}
