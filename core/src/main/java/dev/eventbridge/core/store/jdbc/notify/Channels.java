package dev.eventbridge.core.store.jdbc.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The PostgreSQL notification channels the store uses, and sending on them (delivered when the transaction commits). */
public final class Channels {

    /** Events committed; payload: the last sequence. */
    public static final String EVENTS = "eb_events";
    /** A subscription created or deleted; payload: its id. */
    public static final String SUBSCRIPTIONS = "eb_subscriptions";
    /** A lease released; payload: the subscription id. */
    public static final String LEASES = "eb_leases";

    private Channels() {
    }

    /** Queues a notification in {@code c}'s transaction. */
    public static void notify(Connection c, String channel, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        }
    }
}
