package dev.eventbridge.it.support;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Several bridge instances, each a JVM of its own ({@link BridgeProcess}), on one PostgreSQL database
 * and one broker: the configuration they share (the store, a short lease, one plugin-jms target on
 * {@code queue} and the durable subscription {@value #SUBSCRIPTION} declared in the file), starting
 * them one by one or all at once, and stopping every one at the end (continued first if frozen).
 *
 * <p>Each instance's target sets the JMS client id to the instance's name ({@code factory.clientID}),
 * which the Artemis client stamps on every message it sends; {@link RoutedMessages} reads it back.
 */
public final class BridgeCluster implements AutoCloseable {

    public static final String SUBSCRIPTION = "orders";
    /** Small, quick-starting JVMs: two cores run a broker, a database and up to three bridges. */
    private static final String[] JVM = {"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"};

    private final Path dir;
    private final TestDatabase database;
    private final EmbeddedBroker broker;
    private final String queue;
    private final List<BridgeProcess> started = new ArrayList<>();
    private Duration leaseTtl = Duration.ofSeconds(2);
    private int readAhead = 20;
    private final Properties extra = new Properties();

    /** Instances on a fresh database of the JVM's embedded PostgreSQL. */
    public BridgeCluster(Path dir, EmbeddedBroker broker, String queue) {
        this.dir = dir;
        this.database = EmbeddedPostgresServer.shared().createDatabase();
        this.broker = broker;
        this.queue = queue;
    }

    public BridgeCluster leaseTtl(Duration ttl) {
        this.leaseTtl = ttl;
        return this;
    }

    public BridgeCluster readAhead(int n) {
        this.readAhead = n;
        return this;
    }

    /** An extra configuration entry for every instance. */
    public BridgeCluster set(String key, String value) {
        extra.setProperty(key, value);
        return this;
    }

    public Duration leaseTtl() {
        return leaseTtl;
    }

    public int readAhead() {
        return readAhead;
    }

    /** The shared configuration; instance {@code name}'s JMS client id is {@code name} (none if null). */
    public Properties config(String name) {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.putAll(database.bridgeProperties());
        p.setProperty("bridge.lease.ttl", leaseTtl.toMillis() + "ms");
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        p.setProperty("jms.targets.shared.connection.factory", ActiveMQConnectionFactory.class.getName());
        p.setProperty("jms.targets.shared.url", broker.coreUrl());
        p.setProperty("jms.targets.shared.queue", queue);
        if (name != null) {
            p.setProperty("jms.targets.shared.factory.clientID", name);
        }
        p.setProperty("jms.targets.shared.reconnect.initial.delay", "100ms");
        p.setProperty("bridge.subscriptions." + SUBSCRIPTION + ".transport", "jms");
        p.setProperty("bridge.subscriptions." + SUBSCRIPTION + ".read.ahead", String.valueOf(readAhead));
        p.putAll(extra);
        return p;
    }

    /** Starts instance {@code name} and waits for its HTTP API. */
    public BridgeProcess start(String name) throws IOException {
        return startAll(List.of(name), Duration.ofSeconds(60)).get(0);
    }

    /** Launches every instance at once, then waits (at most {@code atMost} in all) until each has its HTTP API up. */
    public List<BridgeProcess> startAll(List<String> names, Duration atMost) throws IOException {
        List<BridgeProcess> launched = new ArrayList<>();
        for (String name : names) {
            launched.add(launch(BridgeProcess.writeConfig(dir.resolve(name), config(name)), dir.resolve(name)));
        }
        return awaitAll(launched, atMost);
    }

    /**
     * Writes one configuration file (no client id) and launches {@code n} instances on it at once;
     * waits (at most {@code atMost} in all) until each has its HTTP API up.
     */
    public List<BridgeProcess> startAllOnOneFile(int n, Duration atMost) throws IOException {
        Path config = BridgeProcess.writeConfig(dir, config(null));
        List<BridgeProcess> launched = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            launched.add(launch(config, dir.resolve("instance-" + i)));
        }
        return awaitAll(launched, atMost);
    }

    private BridgeProcess launch(Path config, Path logDir) throws IOException {
        BridgeProcess b = BridgeProcess.launch(config, logDir, JVM);
        synchronized (started) {
            started.add(b);
        }
        return b;
    }

    private static List<BridgeProcess> awaitAll(List<BridgeProcess> launched, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (BridgeProcess b : launched) {
            b.awaitStarted(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return launched;
    }

    /** Stops every instance still running (SIGCONT, then SIGTERM). */
    @Override
    public void close() throws InterruptedException {
        synchronized (started) {
            for (BridgeProcess b : started) {
                b.close();
            }
        }
    }
}
