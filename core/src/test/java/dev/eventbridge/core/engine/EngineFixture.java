package dev.eventbridge.core.engine;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.dispatch.DispatchSettings;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.jdbc.JdbcEventStore;
import dev.eventbridge.core.testplugin.TestPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/** A real engine on a real H2 store, with the test plugin attached and started. */
final class EngineFixture implements AutoCloseable {

    final JdbcEventStore store;
    final Engine engine;
    final TestPlugin plugin = new TestPlugin();
    final Callbacks callbacks;

    EngineFixture(String jdbcUrl) throws Exception {
        this(jdbcUrl, new Properties());
    }

    EngineFixture(String jdbcUrl, Properties pluginProperties) throws Exception {
        this(jdbcUrl, pluginProperties, Duration.ZERO);
    }

    EngineFixture(String jdbcUrl, Properties pluginProperties, Duration leaseTtl) throws Exception {
        this(new String[] {jdbcUrl, "sa", ""}, pluginProperties, leaseTtl);
    }

    /** On the database {url, user, password}. */
    EngineFixture(String[] database, Properties pluginProperties, Duration leaseTtl) throws Exception {
        this(database, pluginProperties, new DispatchSettings(7, Duration.ofMillis(200), leaseTtl));
    }

    EngineFixture(String[] database, Properties pluginProperties, DispatchSettings settings) throws Exception {
        store = new JdbcEventStore(database[0], database[1], database[2]);
        engine = new Engine(store, settings, Duration.ofMillis(200));
        callbacks = engine.attach(plugin);
        BridgeConfig config = BridgeConfig.fromProperties(pluginProperties, "test");
        plugin.initConfig(config.section("test"));
        plugin.init(config.section("test"), callbacks);
        engine.pluginStarted(plugin);
    }

    static EngineFixture inMemory() throws Exception {
        return new EngineFixture("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    List<Event> publish(int n, String type, String topic) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new NewEvent(UUID.randomUUID(), "default", type, topic, null, null, DataArray.ofJson("{\"n\":" + i + "}")));
        }
        return engine.publish(events);
    }

    List<Event> publish(int n) {
        return publish(n, "order.created", "orders");
    }

    Subscription subscribe(String name, int readAhead, FirstEvent first) throws Exception {
        return subscribe(name, SubscriptionFilter.ALL, SubscriptionOptions.defaults().withReadAhead(readAhead).withFirstEvent(first));
    }

    Subscription subscribe(String name, SubscriptionFilter filter, SubscriptionOptions options) throws Exception {
        return engine.createSubscription("default", name, "test", filter, options);
    }

    long committed(Subscription s) {
        return engine.committedOffset(s.ref().id()).orElseThrow();
    }

    private boolean closed;

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            engine.close();
            store.close();
        }
    }

    void closeQuietly() {
        close();
    }
}
