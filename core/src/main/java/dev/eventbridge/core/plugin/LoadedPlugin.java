package dev.eventbridge.core.plugin;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.Capabilities;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.util.List;
import java.util.Map;

/**
 * A plugin as {@link PluginLoader} returns it: every call is delegated with the plugin's class loader
 * as the thread's context class loader (restored afterwards), so that JMS providers, JNDI factories
 * and {@link java.util.ServiceLoader} lookups inside the plugin find the plugin's own jars. When the
 * context loader already is the plugin's, nothing is switched; no call allocates.
 */
public final class LoadedPlugin implements Plugin {

    private final Plugin delegate;
    private final ClassLoader loader;
    private final String origin;

    /**
     * @param delegate the plugin itself
     * @param loader its class loader: the one of its {@code plugins/} entry, or the bridge's own
     * @param origin where it was found, for messages: {@code plugins/jms} or {@code the classpath}
     */
    public LoadedPlugin(Plugin delegate, ClassLoader loader, String origin) {
        this.delegate = delegate;
        this.loader = loader;
        this.origin = origin;
    }

    public Plugin delegate() {
        return delegate;
    }

    public ClassLoader classLoader() {
        return loader;
    }

    public String origin() {
        return origin;
    }

    /** Makes the plugin's loader the context class loader; returns the previous one for {@link #exit}. */
    private ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous != loader) {
            thread.setContextClassLoader(loader);
        }
        return previous;
    }

    private void exit(ClassLoader previous) {
        if (previous != loader) {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public String name() {
        ClassLoader previous = enter();
        try {
            return delegate.name();
        } finally {
            exit(previous);
        }
    }

    /** @throws PluginLoadException naming the origin when the plugin lacks a class (a jar missing from its folder) */
    @Override
    public void initConfig(ConfigSection section) {
        ClassLoader previous = enter();
        try {
            delegate.initConfig(section);
        } catch (LinkageError e) {
            throw linkage(e);
        } finally {
            exit(previous);
        }
    }

    /** @throws PluginLoadException naming the origin when the plugin lacks a class (a jar missing from its folder) */
    @Override
    public void init(ConfigSection section, Callbacks callbacks) throws Exception {
        ClassLoader previous = enter();
        try {
            delegate.init(section, callbacks);
        } catch (LinkageError e) {
            throw linkage(e);
        } finally {
            exit(previous);
        }
    }

    private PluginLoadException linkage(LinkageError e) {
        String name;
        try {
            name = "plugin '" + delegate.name() + "'";
        } catch (RuntimeException | LinkageError x) {
            name = "plugin " + delegate.getClass().getName();
        }
        if (e instanceof NoClassDefFoundError && e.getCause() instanceof ClassNotFoundException missing) {
            String where = PluginLoader.CLASSPATH.equals(origin) ? "is not on the classpath" : "none of the jars in " + origin + " holds";
            return new PluginLoadException(origin + ": " + name + " needs class " + missing.getMessage() + ", which " + where
                    + ": add the jar that holds it", e);
        }
        return new PluginLoadException(origin + ": " + name + " cannot start (" + e + "): check the jars in " + origin, e);
    }

    @Override
    public Capabilities capabilities() {
        ClassLoader previous = enter();
        try {
            return delegate.capabilities();
        } finally {
            exit(previous);
        }
    }

    @Override
    public SubscriptionOptions validateOptions(SubscriptionOptions options) throws InvalidOptionsException {
        ClassLoader previous = enter();
        try {
            return delegate.validateOptions(options);
        } finally {
            exit(previous);
        }
    }

    @Override
    public void deliveryRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data) {
        ClassLoader previous = enter();
        try {
            delegate.deliveryRequest(connId, subscription, delivery, data);
        } finally {
            exit(previous);
        }
    }

    @Override
    public void deliveryBatchRequest(String connId, Subscription subscription, List<EventDelivery> deliveries, List<DataArray> data) {
        ClassLoader previous = enter();
        try {
            delegate.deliveryBatchRequest(connId, subscription, deliveries, data);
        } finally {
            exit(previous);
        }
    }

    @Override
    public boolean deadLetterRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data,
                                     String reason) {
        ClassLoader previous = enter();
        try {
            return delegate.deadLetterRequest(connId, subscription, delivery, data, reason);
        } finally {
            exit(previous);
        }
    }

    @Override
    public Map<String, ConnectionHealth> health() {
        ClassLoader previous = enter();
        try {
            return delegate.health();
        } finally {
            exit(previous);
        }
    }

    @Override
    public void close() throws Exception {
        ClassLoader previous = enter();
        try {
            delegate.close();
        } finally {
            exit(previous);
        }
    }

    @Override
    public String toString() {
        return delegate + " from " + origin;
    }
}
