package dev.eventbridge.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, from zonky's embedded binaries (Maven Central; no Docker, no OS
 * package). {@link #shared()} is one server per JVM for tests that only need databases;
 * {@link #startOwn()} is a server of one's own, for tests that stop or restart it. Each
 * {@link #createDatabase()} is a fresh empty database on it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser the embedded server is initialised with (no password, trust authentication). */
    public static final String USER = "postgres";

    private static EmbeddedPostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dataDir;
    private final boolean durable;
    private EmbeddedPostgres postgres;
    private int port;

    private EmbeddedPostgresServer(Path dataDir, boolean durable) throws IOException {
        this.dataDir = dataDir;
        this.durable = durable;
        this.postgres = launch(0);
        this.port = postgres.getPort();
    }

    /** The JVM's shared server, started on first use (fsync off: fast) and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgresServer shared() {
        if (shared == null) {
            try {
                shared = new EmbeddedPostgresServer(Files.createTempDirectory("eb-pg-shared"), false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** A server of the caller's own (durable: fsync on), which it may {@link #stop()} and {@link #start()}; close it after. */
    public static EmbeddedPostgresServer startOwn() throws IOException {
        return new EmbeddedPostgresServer(Files.createTempDirectory("eb-pg"), true);
    }

    private EmbeddedPostgres launch(int onPort) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setServerConfig("max_connections", "400")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        if (!durable) {
            b.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off");
        }
        if (onPort != 0) {
            b.setPort(onPort);
        }
        return b.start();
    }

    /** The port it listens on; the same after a restart. */
    public synchronized int port() {
        return port;
    }

    /** The JDBC URL of one database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates a new, empty database owned by {@link #USER}. */
    public TestDatabase createDatabase() {
        String name = "eb_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name, jdbcUrl(name), USER, "");
    }

    /** Ends every client connection to {@code database} (as a network cut or an admin would); the server stays up. */
    public void terminateConnections(String database) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.replace("'", "''")
                    + "' AND pid <> pg_backend_pid()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate connections to " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown: clients are disconnected); its data stays for {@link #start()}. */
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
            postgres = null;
        }
    }

    /** Starts the stopped server again, on the same port with the same data. */
    public synchronized void start() {
        if (postgres == null) {
            try {
                postgres = launch(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restart the embedded PostgreSQL on port " + port, e);
            }
        }
    }

    /** {@link #stop()} then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    /** Stops the server and deletes its data. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: left for the OS to clean
            }
        }
    }
}
