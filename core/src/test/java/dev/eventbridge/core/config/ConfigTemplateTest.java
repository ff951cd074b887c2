package dev.eventbridge.core.config;

import dev.eventbridge.core.plugin.PluginLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.core.bridge.BridgeOptions;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigTemplateTest {

    private static final List<Plugin> PLUGINS = PluginLoader.load(ConfigTemplateTest.class.getClassLoader(), null);

    private static BridgeConfig declared(Properties values) {
        BridgeConfig config = BridgeConfig.fromProperties(values, "bridge.properties");
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        PLUGINS.forEach(p -> p.initConfig(config.section(p.name())));
        return config;
    }

    private static Properties load(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    @DisplayName("every declared option is in the template, commented out, so the file as it is sets nothing and is valid")
    void everyOptionCommentedOut() throws Exception {
        assertTrue(PLUGINS.stream().anyMatch(p -> p.name().equals("test")), "the test plugin is on the classpath: " + PLUGINS);
        String text = ConfigTemplate.render(PLUGINS);
        BridgeConfig config = declared(new Properties());
        List<String> keys = new ArrayList<>(OptionsDoc.declared(config, BridgeOptions.PREFIX).keySet());
        PLUGINS.forEach(p -> keys.addAll(OptionsDoc.declared(config, p.name()).keySet()));
        assertTrue(keys.contains("bridge.subscriptions.<name>.transport") && keys.contains("test.secret"), keys.toString());
        for (String key : keys) {
            assertTrue(text.contains("\n#" + key + "="), key + " in:\n" + text);
        }
        assertEquals(Set.of(), load(text).stringPropertyNames());
        declared(load(text)).validate();
        for (String line : text.split("\n")) {
            assertTrue(line.isEmpty() || line.startsWith("#"), "only comments: " + line);
            boolean setting = line.matches("#[^ =]+=.*");
            assertTrue(setting || line.length() <= 100 || !line.substring(2).contains(" "), "wrapped: " + line);
        }
    }

    @Test
    @DisplayName("uncommented, each option outside a group with its default shown is a valid setting")
    void defaultsAreValidSettings() throws Exception {
        StringBuilder uncommented = new StringBuilder();
        for (String line : ConfigTemplate.render(PLUGINS).split("\n")) {
            if (line.matches("#[a-z][a-z0-9.-]*=.+")) {
                uncommented.append(line.substring(1)).append('\n');
            }
        }
        Properties values = load(uncommented.toString());
        assertEquals("8080", values.getProperty("bridge.http.port"));
        assertEquals("15s", values.getProperty("bridge.lease.ttl"));
        declared(values).validate();
    }
}
