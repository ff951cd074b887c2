package dev.eventbridge.plugin.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** The plugin compatibility kit, run for the mqtt plugin over MQTT 5 and over MQTT 3.1.1 against embedded Artemis. */
class MqttCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    abstract static class Version extends ConnectOutPluginCompatibilityKit {

        abstract String version();

        @Override
        protected Plugin newPlugin() {
            return new MqttPlugin();
        }

        @Override
        protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
            Map<String, String> options = new HashMap<>(Map.of("url", ((PahoFixture) broker).url(),
                    "topic", destination.replace('.', '/'), "version", version(), "connect.timeout", "2s"));
            if (replyDestination != null) {
                options.put("reply.topic", replyDestination.replace('.', '/'));
            }
            return options;
        }
    }

    @Nested
    class Mqtt5 extends Version {
        @Override
        String version() {
            return "5";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new PahoFixture(dir, Paho5TestClient::new,
                    r -> UUID.fromString(new String(r.correlationData(), StandardCharsets.UTF_8)));
        }
    }

    @Nested
    class Mqtt311 extends Version {
        @Override
        String version() {
            return "3.1.1";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new PahoFixture(dir, Paho3TestClient::new, r -> {
                try {
                    return UUID.fromString(JSON.readTree(r.payload()).get("id").asText());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
