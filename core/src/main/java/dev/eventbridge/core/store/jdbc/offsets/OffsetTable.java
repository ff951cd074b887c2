package dev.eventbridge.core.store.jdbc.offsets;

import dev.eventbridge.core.store.LeaseLostException;
import dev.eventbridge.core.store.LeaseToken;
import dev.eventbridge.core.store.jdbc.Dialect;
import dev.eventbridge.core.store.jdbc.SqlErrors;
import dev.eventbridge.core.store.jdbc.leases.LeaseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Committed offsets ({@code eb_offsets}): where each durable subscription resumes. With a shared
 * store, a commit is fenced: one statement that moves the offset only while the committer's lease
 * tenure (owner and epoch) lasts by the database clock.
 */
public final class OffsetTable {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final LeaseTable leases;

    public OffsetTable(DataSource dataSource, Dialect dialect, LeaseTable leases) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.leases = leases;
    }

    public OptionalLong committed(UUID subscriptionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM eb_offsets WHERE subscription_id = ?")) {
            ps.setString(1, subscriptionId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("read of the offset of " + subscriptionId, e);
        }
    }

    /** Moves the offset forward to {@code sequence} (never back), unfenced: one instance, no leases. */
    public void commit(UUID subscriptionId, long sequence) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE eb_offsets SET seq = ? WHERE subscription_id = ? AND seq < ?")) {
            ps.setLong(1, sequence);
            ps.setString(2, subscriptionId.toString());
            ps.setLong(3, sequence);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.wrap("commit of offset " + sequence + " for " + subscriptionId, e);
        }
    }

    /**
     * Moves the offset forward to {@code sequence} if {@code token}'s tenure lasts.
     *
     * @throws LeaseLostException if it does not: nothing was written
     */
    public void commit(LeaseToken token, long sequence) {
        String sql = "UPDATE eb_offsets SET seq = ? WHERE subscription_id = ? AND seq < ?"
                + " AND EXISTS (SELECT 1 FROM eb_leases WHERE " + leases.heldCondition() + dialect.shareLock() + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sequence);
            ps.setString(2, token.subscriptionId().toString());
            ps.setLong(3, sequence);
            LeaseTable.bind(ps, 4, token);
            if (ps.executeUpdate() == 1) {
                return;
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("commit of offset " + sequence + " for " + token.subscriptionId(), e);
        }
        if (!leases.held(token)) { // nothing updated: the offset was there already, or the tenure is over
            throw new LeaseLostException(token);
        }
    }
}
