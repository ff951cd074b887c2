package dev.eventbridge.core.plugin;

import static dev.eventbridge.core.plugin.FixtureJars.jar;
import static dev.eventbridge.core.plugin.FixtureJars.lib;
import static dev.eventbridge.core.plugin.FixtureJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PluginLoaderTest {

    @TempDir
    static Path dir;
    static Path libs;
    static Path plugins;
    static final ClassLoader APP = PluginLoaderTest.class.getClassLoader();

    /** plugins/a: plugin a, fixture.Lib version 1 and its own (fake) Jackson ObjectMapper; plugins/b: plugin b and fixture.Lib version 2. */
    @BeforeAll
    static void buildFixtures() throws Exception {
        libs = dir.resolve("libs");
        plugins = dir.resolve("plugins");
        Path lib1 = jar(libs.resolve("lib-1.jar"), List.of(), null, lib("1"));
        Path lib2 = jar(libs.resolve("lib-2.jar"), List.of(), null, lib("2"));
        jar(plugins.resolve("a/a-plugin.jar"), List.of(lib1), "fixture.a.APlugin\n", plugin("fixture.a", "APlugin", "a", ""));
        Files.copy(lib1, plugins.resolve("a/lib-1.jar"));
        jar(plugins.resolve("a/jackson-databind-0.1.jar"), List.of(), null,
                "package com.fasterxml.jackson.databind; public class ObjectMapper { }");
        jar(plugins.resolve("b/b-plugin.jar"), List.of(lib2), "# the b plugin\nfixture.b.BPlugin\n", plugin("fixture.b", "BPlugin", "b", ""));
        Files.copy(lib2, plugins.resolve("b/lib-2.jar"));
    }

    private static Map<String, LoadedPlugin> load(Path pluginsDir) {
        Map<String, LoadedPlugin> byName = new java.util.LinkedHashMap<>();
        for (Plugin p : PluginLoader.load(APP, pluginsDir)) {
            byName.put(p.name(), assertInstanceOf(LoadedPlugin.class, p));
        }
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> seen(LoadedPlugin p) {
        return ((Supplier<Map<String, Object>>) p.delegate()).get();
    }

    @Test
    @DisplayName("two plugin folders holding different versions of one library each see their own")
    void eachFolderSeesItsOwnLibraryVersion() throws Exception {
        Map<String, LoadedPlugin> loaded = load(plugins);
        assertEquals(List.of("test", "a", "b"), List.copyOf(loaded.keySet()), "classpath plugins first, then the folders by name");
        LoadedPlugin a = loaded.get("a");
        LoadedPlugin b = loaded.get("b");
        a.init(null, null);
        b.init(null, null);
        assertEquals("lib 1", a.health().get("lib").detail());
        assertEquals("lib 2", b.health().get("lib").detail());
        assertNotSame(a.classLoader(), b.classLoader());
        assertEquals(plugins.resolve("a").toString(), a.origin());
        assertSame(APP, loaded.get("test").classLoader(), "a classpath plugin keeps the bridge's loader");
        assertEquals("the classpath", loaded.get("test").origin());
    }

    @Test
    @DisplayName("a plugin sees the JDK, the API and SLF4J, its own jars, and nothing else of the bridge: classes or resources")
    void pluginSeesOnlyApiSlf4jAndItsOwnJars() throws Exception {
        Map<String, LoadedPlugin> loaded = load(plugins);
        ClassLoader a = loaded.get("a").classLoader();
        ClassLoader b = loaded.get("b").classLoader();
        assertSame(Plugin.class, b.loadClass(Plugin.class.getName()));
        assertSame(SubscriptionOptions.class, b.loadClass(SubscriptionOptions.class.getName()));
        assertSame(LoggerFactory.class, b.loadClass("org.slf4j.LoggerFactory"));
        assertSame(String.class, b.loadClass("java.lang.String"));
        assertNotNull(b.loadClass("java.sql.Connection"), "platform modules are visible");
        for (String hidden : List.of(ObjectMapper.class.getName(), "org.h2.Driver", PluginLoader.class.getName(),
                "dev.eventbridge.core.testplugin.TestPlugin", "ch.qos.logback.classic.Logger", "fixture.a.APlugin")) {
            assertThrows(ClassNotFoundException.class, () -> b.loadClass(hidden), hidden);
        }
        Class<?> own = a.loadClass(ObjectMapper.class.getName());
        assertNotSame(ObjectMapper.class, own, "a plugin's own library wins over the bridge's, whatever its version");
        assertSame(a, own.getClassLoader());

        assertNull(b.getResource("com/fasterxml/jackson/databind/ObjectMapper.class"));
        assertNull(b.getResource("logback.xml"), "the bridge's own resources are hidden");
        assertNotNull(b.getResource("org/slf4j/LoggerFactory.class"));
        assertNotNull(b.getResource("dev/eventbridge/api/Plugin.class"));
        List<URL> services = Collections.list(b.getResources("META-INF/services/dev.eventbridge.api.Plugin"));
        assertEquals(1, services.size(), "only the folder's own service file, not the classpath's: " + services);
        assertTrue(services.get(0).toString().contains("b-plugin.jar"), services.toString());
        assertTrue(Collections.list(b.getResources("META-INF/MANIFEST.MF")).stream().allMatch(u -> u.toString().contains("/b/")));
    }

    @Test
    @DisplayName("every call runs with the plugin's loader as context class loader, restored afterwards, on any thread")
    void contextClassLoaderIsThePluginsDuringEveryCall() throws Exception {
        LoadedPlugin a = load(plugins).get("a");
        Class<?> ownLib = a.classLoader().loadClass("fixture.Lib");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        assertNotSame(a.classLoader(), before);
        a.initConfig(null);
        a.init(null, null);
        a.capabilities();
        a.validateOptions(SubscriptionOptions.defaults());
        a.health();
        Thread dispatcher = new Thread(() -> a.deliveryRequest("a.0", null, null, null), "dispatcher");
        dispatcher.start();
        dispatcher.join(30_000);
        assertSame(before, Thread.currentThread().getContextClassLoader(), "restored");
        for (String call : List.of("name", "initConfig", "init", "capabilities", "validateOptions", "health", "deliveryRequest")) {
            assertSame(a.classLoader(), seen(a).get(call + ".tccl"), call);
            assertSame(ownLib, seen(a).get(call + ".tccl.lib"), call + ": finds the plugin's own library through the context loader");
        }
        seen(a).clear();
        Thread.currentThread().setContextClassLoader(a.classLoader());
        try {
            a.deliveryBatchRequest("a.0", null, Arrays.asList((EventDelivery) null), Arrays.asList((DataArray) null));
            assertSame(a.classLoader(), Thread.currentThread().getContextClassLoader(), "already the plugin's: left as it was");
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        assertSame(a.classLoader(), seen(a).get("deliveryRequest.tccl"), "the default batch method delegates within the switch");
        a.close();
        assertSame(a.classLoader(), seen(a).get("close.tccl"));
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    @DisplayName("two plugins with one name: both folders or jars are named")
    void duplicateNames() throws Exception {
        Path d = dir.resolve("dup");
        List<Path> lib = List.of(libs.resolve("lib-1.jar"));
        jar(d.resolve("amqp/one.jar"), lib, "fixture.x.X\n", plugin("fixture.x", "X", "jms", ""));
        jar(d.resolve("jms.jar"), lib, "fixture.y.Y\n", plugin("fixture.y", "Y", "jms", ""));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(APP, d));
        assertEquals(d.resolve("amqp") + " and " + d.resolve("jms.jar") + " both contain a plugin named 'jms' ("
                + d.resolve("amqp/one.jar") + ": fixture.x.X, " + d.resolve("jms.jar") + ": fixture.y.Y): remove one of them", e.getMessage());

        Path c = dir.resolve("dup-classpath");
        jar(c.resolve("t/t.jar"), lib, "fixture.t.T\n", plugin("fixture.t", "T", "test", ""));
        e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(APP, c));
        assertTrue(e.getMessage().startsWith("the classpath and " + c.resolve("t") + " both contain a plugin named 'test' ("), e.getMessage());
    }

    @Test
    @DisplayName("a folder or jar holding no plugin, a corrupt jar, a plugin class that cannot be loaded: one line naming it")
    void unusableEntries() throws Exception {
        Path noPlugin = dir.resolve("no-plugin");
        jar(noPlugin.resolve("foo/lib-1.jar"), List.of(), null, lib("1"));
        assertMessage(noPlugin, noPlugin.resolve("foo") + " holds no plugin (no META-INF/services/dev.eventbridge.api.Plugin in its jars):"
                + " remove it or add the plugin's jar");
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("foo"));
        Files.createDirectories(empty.resolve(".cache"));
        assertMessage(empty, empty.resolve("foo") + " holds no plugin (no META-INF/services/dev.eventbridge.api.Plugin in its jars):"
                + " remove it or add the plugin's jar");

        Path corrupt = dir.resolve("corrupt");
        Files.copy(plugins.resolve("a/a-plugin.jar"), Files.createDirectories(corrupt.resolve("a")).resolve("a-plugin.jar"));
        FixtureJars.corrupt(corrupt.resolve("a/lib-1.jar"));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(APP, corrupt));
        assertTrue(e.getMessage().startsWith(corrupt.resolve("a/lib-1.jar") + " is not a valid jar ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): replace it with a good copy or remove it"), e.getMessage());

        Path missingClass = dir.resolve("missing-class");
        jar(missingClass.resolve("m/m.jar"), List.of(), "fixture.m.Gone\n", lib("1"));
        assertMessage(missingClass, missingClass.resolve("m") + ": plugin class fixture.m.Gone cannot be loaded (Provider fixture.m.Gone"
                + " not found): add the jars it needs to " + missingClass.resolve("m") + " or remove " + missingClass.resolve("m"));

        Path missingLib = dir.resolve("missing-lib");
        jar(missingLib.resolve("c/c.jar"), List.of(libs.resolve("lib-1.jar")), "fixture.c.C\n",
                plugin("fixture.c", "C", "c", "").replace("public String name()", "public C() { fixture.Lib.version(); }\n public String name()"));
        e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(APP, missingLib));
        assertTrue(e.getMessage().startsWith(missingLib.resolve("c") + ": plugin class fixture.c.C cannot be loaded (Provider fixture.c.C could"
                + " not be instantiated: java.lang.ClassNotFoundException: fixture.Lib): add the jars it needs to "), e.getMessage());
    }

    private static void assertMessage(Path pluginsDir, String expected) {
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(APP, pluginsDir));
        assertEquals(expected, e.getMessage());
    }
}
