package dev.eventbridge.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * The parent of every plugin's class loader: the JDK (platform class loader) plus, from the
 * application class loader, only the plugin API ({@code dev.eventbridge.api}) and SLF4J
 * ({@code org.slf4j}), classes and resources alike. Nothing else of the bridge (its Jackson, H2, core
 * classes, {@code META-INF/services}) is visible, so a plugin's own libraries never clash with the
 * bridge's or another plugin's.
 */
public final class PluginParentClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String[] PACKAGES = {"dev.eventbridge.api.", "org.slf4j."};
    private static final String[] PATHS = {"dev/eventbridge/api/", "org/slf4j/"};

    private final ClassLoader app;

    /** @param app the loader the API and SLF4J come from (the bridge's own) */
    public PluginParentClassLoader(ClassLoader app) {
        super("eventbridge-plugin-parent", ClassLoader.getPlatformClassLoader());
        this.app = app;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (startsWithAny(name, PACKAGES)) {
            return app.loadClass(name);
        }
        return super.loadClass(name, resolve); // the platform loader, else ClassNotFoundException
    }

    @Override
    public URL getResource(String name) {
        return startsWithAny(name, PATHS) ? app.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return startsWithAny(name, PATHS) ? app.getResources(name) : super.getResources(name);
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
