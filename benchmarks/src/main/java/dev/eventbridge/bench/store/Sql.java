package dev.eventbridge.bench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;

/** Binding and reading the event table's row the way core's EventTable does, for the lean SQL candidates. */
final class Sql {

    private Sql() {
    }

    /** Columns seq, id, namespace, type, topic, reference, cid, created, traceparent, tracestate, data. */
    static void bind(PreparedStatement ps, long seq, Events.Event e) throws SQLException {
        ps.setLong(1, seq);
        ps.setString(2, e.id());
        ps.setString(3, e.event().namespace());
        ps.setString(4, e.event().type());
        ps.setString(5, e.event().topic());
        setNullable(ps, 6, e.event().reference());
        setNullable(ps, 7, e.event().cid() == null ? null : e.event().cid().toString());
        ps.setLong(8, e.createdMicros());
        setNullable(ps, 9, e.event().traceparent());
        setNullable(ps, 10, e.event().tracestate());
        ps.setBytes(11, e.data());
    }

    private static void setNullable(PreparedStatement ps, int column, String value) throws SQLException {
        if (value == null) {
            ps.setNull(column, Types.VARCHAR);
        } else {
            ps.setString(column, value);
        }
    }

    /** Reads every column of every row, as EventTable builds its events; a checksum. */
    static long consume(ResultSet rs) throws SQLException {
        long sum = 0;
        while (rs.next()) {
            long seq = rs.getLong(1);
            UUID id = UUID.fromString(rs.getString(2));
            String namespace = rs.getString(3);
            String type = rs.getString(4);
            String topic = rs.getString(5);
            String reference = rs.getString(6);
            String cid = rs.getString(7);
            long created = rs.getLong(8);
            String traceparent = rs.getString(9);
            String tracestate = rs.getString(10);
            byte[] data = rs.getBytes(11);
            sum += seq + id.getLeastSignificantBits() + namespace.length() + type.length() + topic.length()
                    + (reference == null ? 0 : 1) + (cid == null ? 0 : 1) + created + (traceparent == null ? 0 : 1)
                    + (tracestate == null ? 0 : 1) + data.length;
        }
        return sum;
    }
}
