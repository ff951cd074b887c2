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

/**
 * The plugin compatibility kit, run for the mqtt plugin over MQTT 5 and over MQTT 3.1.1 against
 * embedded Artemis, over MQTT 3.1.1 against embedded ActiveMQ Classic, and against the machine's
 * Mosquitto service (see {@link MosquittoFixture}).
 */
class MqttCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static UUID v5EventId(TestClient.Received r) {
        return UUID.fromString(new String(r.correlationData(), StandardCharsets.UTF_8));
    }

    static UUID v311EventId(TestClient.Received r) {
        try {
            return UUID.fromString(JSON.readTree(r.payload()).get("id").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract static class Version extends ConnectOutPluginCompatibilityKit {

        abstract String version();

        @Override
        protected Plugin newPlugin() {
            return new MqttPlugin();
        }

        @Override
        protected String deadLetterDestination(BrokerFixture broker, String destination) {
            return ((MqttFixture) broker).topic(destination);
        }

        @Override
        protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
            MqttFixture mqtt = (MqttFixture) broker;
            Map<String, String> options = new HashMap<>(mqtt.targetOptions());
            options.putAll(Map.of("url", mqtt.url(), "topic", mqtt.topic(destination), "version", version(),
                    "connect.timeout", "2s"));
            if (replyDestination != null) {
                options.put("reply.topic", mqtt.topic(replyDestination));
            }
            return options;
        }
    }

    @Nested
    class ArtemisMqtt5 extends Version {
        @Override
        String version() {
            return "5";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new ArtemisFixture(dir, Paho5TestClient::new, MqttCompatibilityTest::v5EventId);
        }
    }

    @Nested
    class ArtemisMqtt311 extends Version {
        @Override
        String version() {
            return "3.1.1";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new ArtemisFixture(dir, Paho3TestClient::new, MqttCompatibilityTest::v311EventId);
        }
    }

    @Nested
    class MosquittoMqtt5 extends Version {
        @Override
        String version() {
            return "5";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new MosquittoFixture(true, Paho5TestClient::new, MqttCompatibilityTest::v5EventId);
        }
    }

    @Nested
    class MosquittoMqtt311 extends Version {
        @Override
        String version() {
            return "3.1.1";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new MosquittoFixture(false, Paho3TestClient::new, MqttCompatibilityTest::v311EventId);
        }
    }

    @Nested
    class ClassicMqtt311 extends Version {
        @Override
        String version() {
            return "3.1.1";
        }

        @Override
        protected BrokerFixture newBroker(Path dir) {
            return new ClassicFixture(dir);
        }
    }
}
