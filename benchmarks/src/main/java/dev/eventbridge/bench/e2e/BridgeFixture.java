package dev.eventbridge.bench.e2e;

import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.artemis.EmbeddedBroker;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A bridge in this JVM on its own H2 store, with one target of one plugin on the embedded broker,
 * and optionally one subscription declared at start-up. Configuration is otherwise the defaults a
 * user gets.
 */
public final class BridgeFixture implements AutoCloseable {

    private final Bridge bridge;
    private final BridgeClient client;

    private BridgeFixture(Bridge bridge) {
        this.bridge = bridge;
        this.client = new BridgeClient("http://127.0.0.1:" + bridge.httpPort());
    }

    /** The configuration for a bridge storing in {@code dataDir} with one target of {@code transport}. */
    public static Properties config(Path dataDir, Transport transport, EmbeddedBroker broker, String destination) {
        Properties config = storeOnly(dataDir);
        transport.configureTarget(config, broker, destination);
        return config;
    }

    /** The configuration for a bridge storing in {@code dataDir}, on a free port, with no plugin and no target. */
    public static Properties storeOnly(Path dataDir) {
        Properties config = new Properties();
        config.setProperty("bridge.http.port", "0");
        config.setProperty("bridge.data.dir", dataDir.resolve("store").toString());
        config.setProperty("bridge.plugins.dir", dataDir.resolve("no-plugins").toString());
        return config;
    }

    /** Declares subscription {@code name} (from the oldest event, {@code readAhead}, with data) in {@code config}. */
    public static Properties withSubscription(Properties config, String name, Transport transport, int readAhead) {
        String p = "bridge.subscriptions." + name + ".";
        config.setProperty(p + "transport", transport.plugin());
        config.setProperty(p + "read.ahead", Integer.toString(readAhead));
        return config;
    }

    public static BridgeFixture start(Properties config) throws Exception {
        return new BridgeFixture(Bridge.start(BridgeConfig.fromProperties(config, "the benchmark's configuration")));
    }

    public int port() {
        return bridge.httpPort();
    }

    public BridgeClient client() {
        return client;
    }

    @Override
    public void close() {
        bridge.close();
    }
}
