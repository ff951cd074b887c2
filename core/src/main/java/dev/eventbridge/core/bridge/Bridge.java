package dev.eventbridge.core.bridge;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.RetryPolicy;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.dispatch.DispatchSettings;
import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.HttpApi;
import dev.eventbridge.core.logging.LogFormat;
import dev.eventbridge.core.metrics.BridgeMetrics;
import dev.eventbridge.core.plugin.PluginLoader;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.jdbc.JdbcEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running bridge. Start-up order: declare every option (bridge and plugins), validate the whole
 * configuration (all problems reported at once), open the store, start the engine, init each
 * plugin, create declared subscriptions, serve HTTP. {@link #close()} undoes it in reverse:
 * in-flight deliveries get a grace period, offsets are committed, the store is closed last.
 */
public final class Bridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final EventStore store;
    private final Engine engine;
    private final List<Plugin> started;
    private final HttpApi http;

    private Bridge(EventStore store, Engine engine, List<Plugin> started, HttpApi http) {
        this.store = store;
        this.engine = engine;
        this.started = started;
        this.http = http;
    }

    /** Starts with the plugins found on the classpath and in the configured plugins directory. */
    public static Bridge start(BridgeConfig config) throws Exception {
        ConfigSection section = config.section(BridgeOptions.PREFIX);
        BridgeOptions.declare(section);
        LogFormat.apply(section.get(BridgeOptions.LOG_FORMAT)); // before plugins are loaded, so that every line has one format
        return start(config, PluginLoader.load(Bridge.class.getClassLoader(), Path.of(section.get(BridgeOptions.PLUGINS_DIR))));
    }

    /** Starts with the given plugins. */
    public static Bridge start(BridgeConfig config, List<Plugin> plugins) throws Exception {
        ConfigSection bridge = config.section(BridgeOptions.PREFIX);
        BridgeOptions.declare(bridge);
        for (Plugin p : plugins) {
            if (p.name().equals(BridgeOptions.PREFIX)) {
                throw new IllegalStateException("a plugin may not be named '" + BridgeOptions.PREFIX + "'");
            }
            p.initConfig(config.section(p.name()));
        }
        config.validate();
        LogFormat.apply(bridge.get(BridgeOptions.LOG_FORMAT));

        String url = bridge.get(BridgeOptions.STORE_URL);
        if (url == null) {
            Path dir = Path.of(bridge.get(BridgeOptions.DATA_DIR)).toAbsolutePath();
            Files.createDirectories(dir);
            url = "jdbc:h2:file:" + dir.resolve("eventbridge") + ";WRITE_DELAY=0";
        }
        EventStore store = new JdbcEventStore(url, bridge.get(BridgeOptions.STORE_USERNAME), bridge.get(BridgeOptions.STORE_PASSWORD));
        Engine engine = null;
        List<Plugin> started = new ArrayList<>();
        try {
            Boolean shared = bridge.get(BridgeOptions.STORE_SHARED);
            if (shared == null) {
                shared = !(url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:./")
                        || url.startsWith("jdbc:h2:~"));
            }
            engine = new Engine(store, dispatchSettings(bridge, shared), bridge.get(BridgeOptions.SHUTDOWN_GRACE),
                    bridge.get(BridgeOptions.METRICS_ENABLED) ? BridgeMetrics.withJvm() : BridgeMetrics.disabled(),
                    bridge.get(BridgeOptions.LOG_SUMMARY_INTERVAL));
            for (Plugin p : plugins) {
                Callbacks callbacks = engine.attach(p);
                try {
                    p.init(config.section(p.name()), callbacks);
                } catch (ConfigException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("plugin '" + p.name() + "' failed to start: " + e.getMessage(), e);
                }
                started.add(p);
                engine.pluginStarted(p);
            }
            createDeclaredSubscriptions(engine, bridge);
            HttpApi http = new HttpApi(engine, BridgeOptions.httpSettings(bridge));
            LOG.info("Bridge started: HTTP API on http://{}:{}/api, plugins {}, store {}", bridge.get(BridgeOptions.HTTP_HOST), http.port(),
                    engine.pluginNames(), url.replaceAll("(?i)(password=)[^;&]*", "$1****"));
            return new Bridge(store, engine, started, http);
        } catch (Exception | Error e) {
            Engine startedEngine = engine;
            closeWithin(bridge.get(BridgeOptions.SHUTDOWN_GRACE).plusSeconds(5), () -> closeAll(null, startedEngine, started, store));
            throw e;
        }
    }

    private static DispatchSettings dispatchSettings(ConfigSection bridge, boolean shared) {
        Duration ttl = shared ? bridge.get(BridgeOptions.LEASE_TTL) : Duration.ZERO;
        Duration margin = bridge.get(BridgeOptions.LEASE_MARGIN);
        try {
            return new DispatchSettings(bridge.get(BridgeOptions.PAGE_SIZE), Duration.ofSeconds(1), ttl,
                    margin == null ? ttl.dividedBy(3) : margin);
        } catch (IllegalArgumentException e) {
            throw bridge.invalid(BridgeOptions.LEASE_MARGIN, e.getMessage());
        }
    }

    private static void createDeclaredSubscriptions(Engine engine, ConfigSection bridge) throws InvalidOptionsException {
        ConfigSection group = bridge.group(BridgeOptions.SUBSCRIPTIONS);
        for (String name : group.entryNames()) {
            ConfigSection s = group.entry(name);
            String namespace = s.get(BridgeOptions.SUB_NAMESPACE);
            boolean exists = engine.subscriptions().stream()
                    .anyMatch(x -> x.ref().namespace().equals(namespace) && x.ref().name().equals(name));
            if (exists) {
                continue;
            }
            FirstEvent first;
            try {
                first = FirstEvent.parse(s.get(BridgeOptions.SUB_FIRST_EVENT));
            } catch (IllegalArgumentException e) {
                throw s.invalid(BridgeOptions.SUB_FIRST_EVENT, e.getMessage());
            }
            SubscriptionOptions options = SubscriptionOptions.defaults().withFirstEvent(first)
                    .withReadAhead(s.get(BridgeOptions.SUB_READ_AHEAD)).withData(s.get(BridgeOptions.SUB_WITH_DATA))
                    .withBatch(s.get(BridgeOptions.SUB_BATCH), s.get(BridgeOptions.SUB_BATCH_SIZE), s.get(BridgeOptions.SUB_BATCH_TIMEOUT))
                    .withPlugin(s.get(BridgeOptions.SUB_OPTIONS))
                    .withRetry(new RetryPolicy(s.get(BridgeOptions.SUB_RETRY_MAX_ATTEMPTS), s.get(BridgeOptions.SUB_RETRY_INITIAL), 2.0,
                            s.get(BridgeOptions.SUB_RETRY_MAX)));
            try {
                engine.declareSubscription(namespace, name, s.get(BridgeOptions.SUB_TRANSPORT),
                        new SubscriptionFilter(s.get(BridgeOptions.SUB_FILTER_TYPE), s.get(BridgeOptions.SUB_FILTER_TOPIC), null), options);
            } catch (InvalidOptionsException e) {
                throw s.invalid(BridgeOptions.SUB_TRANSPORT, e.getMessage());
            }
        }
    }

    public Engine engine() {
        return engine;
    }

    /** The port the HTTP API listens on. */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        LOG.info("Bridge stopping");
        closeAll(http, engine, started, store);
        LOG.info("Bridge stopped");
    }

    /**
     * Undoes a failed start-up on a daemon thread, waiting at most {@code limit}: a plugin whose close
     * hangs must not keep the failure from being reported and the JVM from exiting.
     */
    private static void closeWithin(Duration limit, Runnable close) {
        Thread t = new Thread(close, "eventbridge-startup-cleanup");
        t.setDaemon(true);
        t.start();
        try {
            t.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Cleaning up after the failed start-up did not finish within {} ms; leaving it", limit.toMillis());
        }
    }

    private static void closeAll(HttpApi http, Engine engine, List<Plugin> plugins, EventStore store) {
        if (http != null) {
            http.close();
        }
        if (engine != null) {
            engine.close();
        }
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                plugins.get(i).close();
            } catch (Exception e) {
                LOG.warn("Plugin {} did not close cleanly: {}", plugins.get(i).name(), e.toString());
            }
        }
        store.close();
        if (engine != null) {
            engine.metrics().close();
        }
    }
}
