package dev.eventbridge.core.plugin;

import dev.eventbridge.api.Plugin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins with {@link ServiceLoader} ({@code META-INF/services/dev.eventbridge.api.Plugin}):
 * on the bridge's own classpath, and in the plugins directory, where each sub-directory (all the jars
 * directly in it: the plugin's jar, its libraries, a JMS vendor's client) and each loose {@code *.jar}
 * is one plugin in a class loader of its own. That loader's parent is a
 * {@link PluginParentClassLoader}: the JDK, the plugin API and SLF4J, nothing else of the bridge, so
 * plugins may carry any versions of any libraries. Entries whose name starts with {@code .} are
 * skipped; files not ending in {@code .jar} too.
 *
 * <p>Every plugin is returned as a {@link LoadedPlugin}, which runs each call with the plugin's loader
 * as the thread's context class loader. Problems (two plugins with one name, an entry with no plugin, a
 * corrupt jar, a plugin class that cannot be loaded) throw {@link PluginLoadException} with one line
 * naming the folder or jar.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final String SERVICES = "META-INF/services/" + Plugin.class.getName();
    /** The origin of plugins found on the bridge's own classpath, in messages. */
    static final String CLASSPATH = "the classpath";

    private PluginLoader() {
    }

    /**
     * Loads every plugin, in a stable order: the classpath's, then the plugins directory's by name.
     *
     * @param app the bridge's class loader: classpath plugins come from it, and it provides the API and SLF4J to the others
     * @param pluginsDir may be null or absent
     * @throws PluginLoadException naming the folder or jar at fault
     */
    public static List<Plugin> load(ClassLoader app, Path pluginsDir) {
        Map<String, LoadedPlugin> byName = new LinkedHashMap<>();
        collect(ServiceLoader.load(Plugin.class, app), app, CLASSPATH, byName);
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            PluginParentClassLoader parent = new PluginParentClassLoader(app);
            List<URLClassLoader> opened = new ArrayList<>();
            try {
                for (Path entry : entries(pluginsDir)) {
                    URLClassLoader loader = new URLClassLoader("plugin:" + entry.getFileName(), urls(entry), parent);
                    opened.add(loader);
                    if (collect(ServiceLoader.load(Plugin.class, loader), loader, entry.toString(), byName) == 0) {
                        throw new PluginLoadException(entry + " holds no plugin (no " + SERVICES + " in "
                                + (Files.isDirectory(entry) ? "its jars" : "it") + "): remove it or add the plugin's jar");
                    }
                }
            } catch (RuntimeException | Error e) {
                opened.forEach(PluginLoader::closeQuietly);
                throw e;
            }
        }
        byName.forEach((name, p) -> LOG.info("Plugin loaded: {} ({}) from {}", name, p.delegate().getClass().getName(), p.origin()));
        return new ArrayList<>(byName.values());
    }

    /** Adds the plugins {@code services} finds, with {@code loader} as context class loader; returns how many. */
    private static int collect(ServiceLoader<Plugin> services, ClassLoader loader, String where, Map<String, LoadedPlugin> byName) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        int count = 0;
        String type = null;
        try {
            Iterator<ServiceLoader.Provider<Plugin>> it = services.stream().iterator();
            while (it.hasNext()) {
                ServiceLoader.Provider<Plugin> provider = it.next();
                type = provider.type().getName();
                LoadedPlugin plugin = new LoadedPlugin(provider.get(), loader, where);
                String name = plugin.name();
                if (name == null || name.isBlank()) {
                    throw new PluginLoadException(where + ": plugin class " + type + " has no name: fix or remove " + where);
                }
                LoadedPlugin other = byName.get(name);
                if (other != null) {
                    throw new PluginLoadException(other.origin() + " and " + where + " both contain a plugin named '" + name + "' ("
                            + source(other) + ", " + source(plugin) + "): remove one of them");
                }
                byName.put(name, plugin);
                type = null;
                count++;
            }
            return count;
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            if (e instanceof PluginLoadException p) {
                throw p;
            }
            String cls = type != null ? type : String.join(", ", declared(loader, where));
            String fix = CLASSPATH.equals(where) ? "fix the classpath" : "add the jars it needs to " + where + " or remove " + where;
            throw new PluginLoadException(where + ": plugin class " + cls + " cannot be loaded (" + reason(e) + "): " + fix, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The jar (or classes directory) a plugin's class came from, and the class, for the duplicate-name message. */
    private static String source(LoadedPlugin plugin) {
        Class<?> type = plugin.delegate().getClass();
        String where = plugin.origin();
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path origin = Path.of(where);
            where = CLASSPATH.equals(where) ? location.toString()
                    : Files.isDirectory(origin) ? origin.resolve(location.getFileName()).toString() : where;
        } catch (Exception | Error e) {
            // no code source: the origin alone
        }
        return where + ": " + type.getName();
    }

    /** The exception, without ServiceLoader's prefix, and its root cause. */
    private static String reason(Throwable e) {
        String text = e instanceof ServiceConfigurationError
                ? String.valueOf(e.getMessage()).replace(Plugin.class.getName() + ": ", "") : e.toString();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? text : text + ": " + root;
    }

    /** The plugin classes the entry's service files name (for a message when the failing one is unknown). */
    private static Set<String> declared(ClassLoader loader, String where) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(SERVICES))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    in.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).forEach(names::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the message then names no class
        }
        return names.isEmpty() ? Set.of("(listed in " + where + ")") : names;
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("cannot list the plugins directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The jars of an entry, each checked to be a readable jar (a URLClassLoader silently skips broken ones). */
    private static URL[] urls(Path entry) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> s = Files.list(entry)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar") && !Files.isDirectory(p)).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new PluginLoadException("cannot list the plugin folder " + entry + ": " + e.getMessage(), e);
            }
        } else {
            jars.add(entry);
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile ignored = new JarFile(jar.toFile())) {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PluginLoadException("bad plugin path " + jar + ": " + e.getMessage(), e);
            } catch (IOException | SecurityException e) {
                throw new PluginLoadException(jar + " is not a valid jar (" + e.getMessage() + "): replace it with a good copy or remove it", e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("Closing {}: {}", loader.getName(), e.toString());
        }
    }
}
