package dev.eventbridge.it.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.core.bridge.BridgeOptions;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.config.InvalidConfigException;
import dev.eventbridge.core.config.OptionsDoc;
import dev.eventbridge.core.plugin.PluginLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driven by the declarations themselves (the bridge's and every plugin's on the classpath): each
 * option fed a bad value fails start-up naming the option and the file, and the README documents
 * every option.
 */
class DeclaredOptionsTest {

    private static final List<String> BAD_STRINGS = List.of("", " ", "((", "a/+/#", "x".repeat(70_000), "nope", "-1");

    @TempDir
    Path dir;

    private static Map<String, ConfigOption<?>> declared(List<Plugin> plugins) {
        BridgeConfig config = BridgeConfig.fromProperties(new Properties(), "declarations");
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        Map<String, ConfigOption<?>> all = new LinkedHashMap<>(OptionsDoc.declared(config, BridgeOptions.PREFIX));
        for (Plugin p : plugins) {
            p.initConfig(config.section(p.name()));
            all.putAll(OptionsDoc.declared(config, p.name()));
        }
        return all;
    }

    private static List<Plugin> plugins() {
        List<Plugin> plugins = PluginLoader.load(DeclaredOptionsTest.class.getClassLoader(), null);
        assertTrue(plugins.stream().map(Plugin::name).toList().containsAll(List.of("jms", "amqp", "mqtt")), plugins.toString());
        return plugins;
    }

    /** A value the option must refuse, or null when it accepts any text. */
    @SuppressWarnings("unchecked")
    private static String badValue(ConfigOption<?> option) {
        switch (option.type()) {
            case INT:
            case LONG:
                return "twelve";
            case BOOLEAN:
                return "maybe";
            case DURATION:
                return "soon";
            case STRING:
                if (option.check() == null) {
                    return null;
                }
                Predicate<String> check = (Predicate<String>) option.check();
                return BAD_STRINGS.stream().filter(v -> !check.test(v)).findFirst().orElse(null);
            default:
                return null;
        }
    }

    @Test
    @DisplayName("every declared option that can be wrong, given a wrong value, fails start-up naming the option and the file")
    void everyOptionRefusesBadValues() throws Exception {
        List<Plugin> plugins = plugins();
        Properties bad = new Properties();
        List<String> keys = new ArrayList<>();
        declared(plugins).forEach((template, option) -> {
            String value = badValue(option);
            if (value != null) {
                String key = template.replace("<name>", "x").replace("<key>", "k");
                bad.setProperty(key, value);
                keys.add(key);
            }
        });
        assertTrue(keys.size() >= 30, "options with a checkable value: " + keys);
        Path file = dir.resolve("bad.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            bad.store(out, null);
        }
        BridgeConfig config = BridgeConfig.load(file, Map.of());
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        plugins.forEach(p -> p.initConfig(config.section(p.name())));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, config::validate);
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "names the file: " + message);
        for (String key : keys) {
            assertTrue(message.contains(key), key + " is named in:\n" + message);
        }
        assertFalse(message.contains("x".repeat(1000)), "a long bad value is not echoed whole");
    }

    @Test
    @DisplayName("the README's configuration tables list every declared option")
    void readmeListsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> missing = declared(plugins()).keySet().stream().filter(k -> !readme.contains("`" + k + "`")).toList();
        assertTrue(missing.isEmpty(), "README.md does not document " + missing
                + "; regenerate the tables with: java -cp ... dev.eventbridge.core.config.OptionsDoc");
    }
}
