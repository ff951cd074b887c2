package dev.eventbridge.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One empty database on an {@link EmbeddedPostgresServer}.
 *
 * @param name the database name
 * @param url its JDBC URL ({@code jdbc:postgresql://localhost:<port>/<name>})
 */
public record TestDatabase(EmbeddedPostgresServer server, String name, String url, String username, String password) {

    /** A new connection to it (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    /** {@code bridge.store.url}, {@code bridge.store.username} and {@code bridge.store.password} for a bridge on this database. */
    public Properties bridgeProperties() {
        Properties p = new Properties();
        p.setProperty("bridge.store.url", url);
        p.setProperty("bridge.store.username", username);
        p.setProperty("bridge.store.password", password);
        return p;
    }

    /** Ends every client connection to this database; see {@link EmbeddedPostgresServer#terminateConnections(String)}. */
    public void terminateConnections() {
        server.terminateConnections(name);
    }
}
