package dev.eventbridge.core.store.jdbc.deadletters;

import dev.eventbridge.core.store.DeadLetter;
import dev.eventbridge.core.store.LeaseLostException;
import dev.eventbridge.core.store.LeaseToken;
import dev.eventbridge.core.store.jdbc.Dialect;
import dev.eventbridge.core.store.jdbc.leases.LeaseTable;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Events a subscription gave up on ({@code eb_dead_letters}), one row per subscription and sequence. */
public final class DeadLetterTable {

    /** The reason column's size. */
    public static final int MAX_REASON = 2048;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final LeaseTable leases;

    public DeadLetterTable(DataSource dataSource, Dialect dialect, LeaseTable leases) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.leases = leases;
    }

    /**
     * Records a dead letter; one already there for that sequence stays (a retry after a failed
     * offset commit). With a {@code fence}, only while its tenure lasts.
     *
     * @param fence the recording dispatcher's lease, or null without leases
     * @throws LeaseLostException if the fence's tenure is over
     */
    public void record(DeadLetter d, LeaseToken fence) {
        String sql = "INSERT INTO eb_dead_letters (subscription_id, seq, event_id, attempts, reason, created)"
                + (fence == null ? " VALUES (?,?,?,?,?,?)"
                        : " SELECT ?,?,?,?,?,? FROM eb_leases WHERE " + leases.heldCondition() + dialect.shareLock());
        int rows;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, d.subscriptionId().toString());
            ps.setLong(2, d.sequence());
            ps.setString(3, d.eventId().toString());
            ps.setInt(4, d.attempts());
            ps.setString(5, storable(d.reason()));
            ps.setLong(6, d.time().toEpochMilli());
            if (fence != null) {
                LeaseTable.bind(ps, 7, fence);
            }
            rows = ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.isConstraintViolation(e)) {
                return;
            }
            throw SqlErrors.wrap("dead-lettering event " + d.sequence(), e);
        }
        if (rows == 0 && fence != null) {
            throw new LeaseLostException(fence);
        }
    }

    /** A plugin's reject reason as the column takes it: NUL (which PostgreSQL refuses) replaced, cut to size. */
    static String storable(String reason) {
        if (reason == null) {
            return null;
        }
        String clean = reason.replace('\u0000', '\uFFFD');
        return clean.substring(0, Math.min(MAX_REASON, clean.length()));
    }

    public List<DeadLetter> list(UUID subscriptionId, int limit) {
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
            throw SqlErrors.wrap("read of dead letters", e);
        }
    }
}
