package dev.eventbridge.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

    static final ConfigOption<String> URL = ConfigOption.string("url", null, "Broker URL.").asRequired();
    static final ConfigOption<String> PASSWORD = ConfigOption.password("password", "Broker password.");
    static final ConfigOption<Integer> PRIORITY = ConfigOption.integer("priority", 4, "JMS priority.")
            .mustBe("between 0 and 9", p -> p >= 0 && p <= 9);
    static final ConfigOption<Duration> TTL = ConfigOption.duration("ttl", Duration.ZERO, "Time to live.");
    static final ConfigOption<Map<String, String>> FACTORY = ConfigOption.map("factory", "Factory properties.");
    static final ConfigOption<Boolean> ENABLED = ConfigOption.bool("enabled", true, "On or off.");

    private static BridgeConfig config(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        BridgeConfig c = BridgeConfig.fromProperties(p, "/etc/bridge.properties");
        ConfigSection jms = c.section("jms");
        jms.declare(ENABLED);
        ConfigSection targets = jms.group("targets");
        for (ConfigOption<?> o : List.of(URL, PASSWORD, PRIORITY, TTL, FACTORY)) {
            targets.declare(o);
        }
        return c;
    }

    @Test
    @DisplayName("group entries read their typed options, with defaults and map sub-keys")
    void readsTypedValues() {
        BridgeConfig c = config("jms.targets.orders.url", "tcp://a:61616", "jms.targets.orders.ttl", "10s",
                "jms.targets.orders.factory.clientID", "x", "jms.targets.audit.url", "tcp://b:61616", "jms.targets.audit.priority", "7");
        c.validate();
        ConfigSection targets = c.section("jms").group("targets");
        assertEquals(Set.of("orders", "audit"), targets.entryNames());
        ConfigSection orders = targets.entry("orders");
        assertEquals("tcp://a:61616", orders.get(URL));
        assertEquals(Duration.ofSeconds(10), orders.get(TTL));
        assertEquals(4, orders.get(PRIORITY));
        assertEquals(Map.of("clientID", "x"), orders.get(FACTORY));
        assertEquals(7, targets.entry("audit").get(PRIORITY));
        assertFalse(orders.isSet(PRIORITY));
    }

    @Test
    @DisplayName("every problem is reported at once, each naming the key and the file")
    void reportsAllProblems() {
        BridgeConfig c = config("jms.targets.orders.url", "tcp://a", "jms.targets.orders.priorty", "5",
                "jms.targets.orders.ttl", "soon", "jms.targets.audit.priority", "12", "jms.enabled", "yes", "mqttt.url", "x");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, c::validate);
        String m = e.getMessage();
        assertTrue(m.contains("/etc/bridge.properties"), m);
        assertTrue(m.contains("'jms.targets.orders.priorty': unknown option"), m);
        assertTrue(m.contains("'jms.targets.orders.ttl': 'soon' is not a duration"), m);
        assertTrue(m.contains("'jms.targets.audit.priority': '12' must be between 0 and 9"), m);
        assertTrue(m.contains("'jms.targets.audit.url': is required"), m);
        assertTrue(m.contains("'jms.enabled': 'yes' is not true or false"), m);
        assertTrue(m.contains("'mqttt.url': unknown option: no plugin or section named 'mqttt'"), m);
        assertEquals(6, e.problems().size());
    }

    @Test
    @DisplayName("a secret's value never appears in an error message")
    void secretsMasked() {
        BridgeConfig c = BridgeConfig.fromProperties(props("x.pin", "hunter2"), "f");
        c.section("x").declare(ConfigOption.password("pin", "PIN.").mustBe("four digits", v -> v.matches("\\d{4}")));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, c::validate);
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("'x.pin'"));
    }

    @Test
    @DisplayName("environment variables override the file, and the source says so")
    void environmentOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bridge.properties");
        Files.writeString(file, "jms.targets.orders.url=tcp://file:1\n");
        BridgeConfig c = BridgeConfig.load(file, Map.of("EVENTBRIDGE_JMS_TARGETS_ORDERS_URL", "tcp://env:2", "PATH", "/bin"));
        ConfigSection jms = c.section("jms");
        jms.group("targets").declare(URL);
        c.validate();
        assertEquals("tcp://env:2", jms.group("targets").entry("orders").get(URL));
        assertTrue(c.source().contains(file.toAbsolutePath().toString()) && c.source().contains("EVENTBRIDGE_JMS_TARGETS_ORDERS_URL"));
    }

    @Test
    @DisplayName("durations take short units and ISO-8601")
    void durations() {
        assertEquals(Duration.ofMillis(250), dev.eventbridge.api.config.OptionValues.parseDuration("250ms"));
        assertEquals(Duration.ofMinutes(5), dev.eventbridge.api.config.OptionValues.parseDuration("5m"));
        assertEquals(Duration.ofSeconds(90), dev.eventbridge.api.config.OptionValues.parseDuration("PT90S"));
        assertThrows(IllegalArgumentException.class, () -> dev.eventbridge.api.config.OptionValues.parseDuration("5 fortnights"));
    }

    private static Properties props(String k, String v) {
        Properties p = new Properties();
        p.setProperty(k, v);
        return p;
    }
}
