package dev.eventbridge.core.store.jdbc.offsets;

import dev.eventbridge.core.store.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;

/** Committed offsets ({@code eb_offsets}): where each durable subscription resumes. */
public final class OffsetTable {

    private final DataSource dataSource;

    public OffsetTable(DataSource dataSource) {
        this.dataSource = dataSource;
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

    /** Moves the offset forward to {@code sequence} (never back). */
    public void commit(UUID subscriptionId, long sequence) {
        try (Connection c = dataSource.getConnection()) {
            advance(c, subscriptionId, sequence);
        } catch (SQLException e) {
            throw SqlErrors.wrap("commit of offset " + sequence + " for " + subscriptionId, e);
        }
    }

    static void advance(Connection c, UUID subscriptionId, long sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE eb_offsets SET seq = ? WHERE subscription_id = ? AND seq < ?")) {
            ps.setLong(1, sequence);
            ps.setString(2, subscriptionId.toString());
            ps.setLong(3, sequence);
            ps.executeUpdate();
        }
    }
}
