package dev.eventbridge.core.plugin;

import dev.eventbridge.api.Plugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins: every {@link Plugin} listed in {@code META-INF/services} on the classpath, and in
 * the plugins directory, each {@code *.jar} in it and each sub-directory (a plugin with its own
 * dependency jars) in a class loader of its own whose parent is the bridge's.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {
    }

    /**
     * Loads every plugin, in a stable order.
     *
     * @param pluginsDir may be null or absent
     * @throws IllegalStateException naming the jar of a plugin that cannot be loaded, or two plugins with one name
     */
    public static List<Plugin> load(ClassLoader parent, Path pluginsDir) {
        Map<String, Plugin> byName = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        collect(ServiceLoader.load(Plugin.class, parent), "the classpath", byName, origin, true);
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            for (Path entry : entries(pluginsDir)) {
                URL[] urls = urls(entry);
                if (urls.length == 0) {
                    continue;
                }
                URLClassLoader loader = new URLClassLoader("plugin:" + entry.getFileName(), urls, parent);
                collect(ServiceLoader.load(Plugin.class, loader), entry.toString(), byName, origin, false);
            }
        }
        byName.forEach((name, p) -> LOG.info("Plugin loaded: {} ({}) from {}", name, p.getClass().getName(), origin.get(name)));
        return new ArrayList<>(byName.values());
    }

    private static void collect(ServiceLoader<Plugin> loader, String where, Map<String, Plugin> byName, Map<String, String> origin,
                                boolean classpath) {
        try {
            for (Plugin plugin : loader) {
                if (!classpath && plugin.getClass().getClassLoader() != null
                        && !(plugin.getClass().getClassLoader() instanceof URLClassLoader)) {
                    continue; // found again through the parent: it is on the classpath already
                }
                String name = plugin.name();
                if (origin.containsKey(name)) {
                    if (byName.get(name).getClass().equals(plugin.getClass())) {
                        continue;
                    }
                    throw new IllegalStateException("two plugins are named '" + name + "': " + byName.get(name).getClass().getName()
                            + " from " + origin.get(name) + " and " + plugin.getClass().getName() + " from " + where);
                }
                byName.put(name, plugin);
                origin.put(name, where);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load a plugin from " + where + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the plugins directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL[] urls(Path entry) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> s = Files.list(entry)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list plugin directory " + entry + ": " + e.getMessage(), e);
            }
        } else {
            jars.add(entry);
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad plugin path " + jar, e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
