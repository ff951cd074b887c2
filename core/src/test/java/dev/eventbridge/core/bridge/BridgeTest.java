package dev.eventbridge.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.core.config.BridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeTest {

    @Test
    @DisplayName("the bridge starts with no configuration file, on embedded H2 in its data directory, and finds the classpath plugin")
    void startsOnEmbeddedDefaults(@TempDir Path dir) throws Exception {
        BridgeConfig config = BridgeConfig.load(null, Map.of("EVENTBRIDGE_BRIDGE_DATA_DIR", dir.resolve("data").toString(),
                "EVENTBRIDGE_BRIDGE_HTTP_PORT", "0"));
        try (Bridge bridge = Bridge.start(config)) {
            assertTrue(bridge.httpPort() > 0);
            assertTrue(bridge.engine().pluginNames().contains("test"));
        }
        assertTrue(Files.exists(dir.resolve("data").resolve("eventbridge.mv.db")), "the H2 file is in the data directory");
    }

    @Test
    @DisplayName("declared subscriptions are created at start-up and kept across restarts")
    void declaredSubscriptions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bridge.properties");
        Files.writeString(file, String.join("\n", "bridge.http.port=0", "bridge.data.dir=" + dir.resolve("data"),
                "bridge.subscriptions.orders.transport=test", "bridge.subscriptions.orders.filter.type=order\\\\..*",
                "bridge.subscriptions.orders.read.ahead=5"));
        for (int i = 0; i < 2; i++) {
            try (Bridge bridge = Bridge.start(BridgeConfig.load(file, Map.of()))) {
                assertEquals(1, bridge.engine().subscriptions().size());
                assertEquals(5, bridge.engine().subscriptions().get(0).options().readAhead());
                assertEquals("order\\..*", bridge.engine().subscriptions().get(0).filter().type());
            }
        }
    }

    @Test
    @DisplayName("an unknown or invalid option fails start-up naming the option and the file, and a secret is never shown")
    void badConfigurationFailsStartUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bridge.properties");
        Files.writeString(file, String.join("\n", "bridge.data.dir=" + dir.resolve("data"), "bridge.http.prot=8080",
                "test.connections=many", "test.secret=s3cr3t-value", "bridge.subscriptions.x.read.ahead=1"));
        ConfigException e = assertThrows(ConfigException.class, () -> Bridge.start(BridgeConfig.load(file, Map.of())));
        String m = e.getMessage();
        assertTrue(m.contains(file.toAbsolutePath().toString()), m);
        assertTrue(m.contains("'bridge.http.prot': unknown option"), m);
        assertTrue(m.contains("'test.connections': 'many' is not an integer"), m);
        assertTrue(m.contains("'bridge.subscriptions.x.transport': is required"), m);
        assertFalse(m.contains("s3cr3t-value"), m);
    }
}
