package dev.eventbridge.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule the README's "Configuration" section states about environment variables. */
class EnvironmentOverridesTest {

    static final ConfigOption<String> URL = ConfigOption.string("url", null, "Broker URL.");
    static final ConfigOption<String> REPLY_QUEUE = ConfigOption.string("reply.queue", null, "Reply queue.");
    static final ConfigOption<Map<String, String>> JNDI = ConfigOption.map("jndi", "JNDI environment.");

    @TempDir
    Path dir;

    /** Loads {@code file} (may be null) with {@code env}, declaring the bridge's options and an amqp-like plugin. */
    private static BridgeConfig load(Path file, Map<String, String> env) {
        BridgeConfig config = BridgeConfig.load(file, env);
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        ConfigSection targets = config.section("amqp").group("targets");
        targets.declare(URL);
        targets.declare(REPLY_QUEUE);
        targets.declare(JNDI);
        return config;
    }

    private static ConfigSection target(BridgeConfig config, String name) {
        return config.section("amqp").group("targets").entry(name);
    }

    @Test
    @DisplayName("EVENTBRIDGE_ + the key in upper case, dots as underscores, replaces the file's value; dotted option names work")
    void overridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("b.properties"), "bridge.http.port=8080\namqp.targets.orders.url=amqp://file\n");
        BridgeConfig c = load(file, Map.of("EVENTBRIDGE_BRIDGE_HTTP_PORT", "9090", "EVENTBRIDGE_AMQP_TARGETS_ORDERS_REPLY_QUEUE", "REPLIES",
                "EVENTBRIDGE_AMQP_TARGETS_ORDERS_URL", "amqp://env", "PATH", "/bin"));
        c.validate();
        assertEquals(9090, c.section("bridge").get(BridgeOptions.HTTP_PORT));
        assertEquals("amqp://env", target(c, "orders").get(URL));
        assertEquals("REPLIES", target(c, "orders").get(REPLY_QUEUE), "the value keeps its case");
        assertTrue(c.source().endsWith("(with environment overrides EVENTBRIDGE_AMQP_TARGETS_ORDERS_REPLY_QUEUE, "
                + "EVENTBRIDGE_AMQP_TARGETS_ORDERS_URL, EVENTBRIDGE_BRIDGE_HTTP_PORT)"), c.source());
    }

    @Test
    @DisplayName("the name after the prefix is lower-cased; the prefix itself must be upper case")
    void caseOfTheName() {
        BridgeConfig c = load(null, Map.of("EVENTBRIDGE_Bridge_Http_Port", "9091", "eventbridge_bridge_http_host", "0.0.0.0"));
        c.validate();
        assertEquals(9091, c.section("bridge").get(BridgeOptions.HTTP_PORT));
        assertEquals("127.0.0.1", c.section("bridge").get(BridgeOptions.HTTP_HOST), "a lower-case prefix is not an override");
    }

    @Test
    @DisplayName("a key with an '_' or an upper-case letter cannot be set: every '_' becomes a dot and the name is lower-cased")
    void underscoresAndUpperCaseCannotBeExpressed() {
        BridgeConfig underscore = load(null, Map.of("EVENTBRIDGE_AMQP_TARGETS_MY_ORDERS_URL", "amqp://x"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, underscore::validate);
        assertEquals("amqp.targets.my.orders.url", e.problems().get(0).key(), "target 'my', option 'orders.url'");
        assertTrue(e.problems().get(0).reason().startsWith("unknown option"), e.getMessage());

        BridgeConfig upper = load(null, Map.of("EVENTBRIDGE_AMQP_TARGETS_ORDERS_JNDI_CONNECTIONFACTORY_ORDERS", "tcp://x"));
        upper.validate();
        assertEquals(Map.of("connectionfactory.orders", "tcp://x"), target(upper, "orders").get(JNDI), "never jndi.connectionFactory.orders");
    }

    @Test
    @DisplayName("a '-' in the variable's name is kept (a subscription named orders-out)")
    void hyphenIsKept() {
        BridgeConfig c = load(null, Map.of("EVENTBRIDGE_BRIDGE_SUBSCRIPTIONS_ORDERS-OUT_TRANSPORT", "amqp"));
        c.validate();
        assertEquals("amqp", c.section("bridge").group(BridgeOptions.SUBSCRIPTIONS).entry("orders-out").get(BridgeOptions.SUB_TRANSPORT));
    }

    @Test
    @DisplayName("EVENTBRIDGE_CONFIG, EVENTBRIDGE_HOME and EVENTBRIDGE_OPTS are not keys; EVENTBRIDGE_CONFIG names the file unless an argument does")
    void variablesThatAreNotKeys() throws Exception {
        Map<String, String> env = Map.of("EVENTBRIDGE_CONFIG", "/etc/eventbridge/bridge.properties", "EVENTBRIDGE_HOME", "/opt/eventbridge",
                "EVENTBRIDGE_OPTS", "-Xmx1g", "EVENTBRIDGE_", "x");
        BridgeConfig c = load(null, env);
        c.validate();
        assertFalse(c.source().contains("environment overrides"), c.source());
        assertEquals(BridgeConfig.ENV_NOT_KEYS, java.util.Set.of("EVENTBRIDGE_CONFIG", "EVENTBRIDGE_HOME", "EVENTBRIDGE_OPTS"));

        assertEquals(Path.of("/etc/eventbridge/bridge.properties"), Main.configFile(new String[0], env));
        assertEquals(Path.of("other.properties"), Main.configFile(new String[] {"other.properties"}, env), "the argument wins");
        assertNull(Main.configFile(new String[0], Map.of("EVENTBRIDGE_CONFIG", "")), "empty counts as unset");
        assertNull(Main.configFile(new String[0], Map.of()));
    }
}
