package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.tck.RecordingCallbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.tck.KitConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("MQTT plugin configuration")
class MqttConfigTest {

    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private MqttPlugin plugin;

    @AfterEach
    void close() {
        if (plugin != null) {
            plugin.close();
        }
    }

    private void start(Map<String, String> values) throws Exception {
        Properties p = new Properties();
        p.setProperty("mqtt.targets.orders.url", "tcp://localhost:1");
        p.setProperty("mqtt.targets.orders.topic", "bridge/orders");
        values.forEach(p::setProperty);
        KitConfig section = KitConfig.section("mqtt", p, "test.properties");
        plugin = new MqttPlugin();
        plugin.initConfig(section);
        section.validate();
        plugin.init(section, callbacks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:1883", "localhost:1883", "tcp://", "tcp://bad host:1883", "tcp://user:pw@localhost:1883"})
    @DisplayName("a bad URL fails init with an error naming mqtt.targets.<name>.url, without retrying")
    void badUrl(String url) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> start(Map.of("mqtt.targets.orders.url", url)));
        assertEquals("mqtt.targets.orders.url", e.key());
        assertTrue(e.getMessage().contains("test.properties"), e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), "the URL's credentials are not repeated: " + e.getMessage());
        assertTrue(callbacks.registered.isEmpty());
    }

    @Test
    @DisplayName("an unknown option fails validation, naming it")
    void unknownOption() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> start(Map.of("mqtt.targets.orders.colour", "red")));
        assertTrue(e.getMessage().contains("mqtt.targets.orders.colour"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qos=3", "version=4", "topic=bridge/#", "reply.topic=a/+/b", "max.inflight=0", "subscriptions=(", "keep.alive=-1s"})
    @DisplayName("an out-of-range value fails validation, naming the key")
    void invalidValue(String assignment) throws Exception {
        String[] kv = assignment.split("=", 2);
        ConfigException e = assertThrows(ConfigException.class, () -> start(Map.of("mqtt.targets.orders." + kv[0], kv[1])));
        assertTrue(e.getMessage().contains("mqtt.targets.orders." + kv[0]), e.getMessage());
    }

    @Test
    @DisplayName("a missing topic fails validation, naming it")
    void missingTopic() throws Exception {
        Properties p = new Properties();
        p.setProperty("mqtt.targets.orders.url", "tcp://localhost:1");
        KitConfig section = KitConfig.section("mqtt", p, "test.properties");
        plugin = new MqttPlugin();
        plugin.initConfig(section);
        ConfigException e = assertThrows(ConfigException.class, section::validate);
        assertTrue(e.getMessage().contains("mqtt.targets.orders.topic"), e.getMessage());
    }

    @Test
    @DisplayName("health of an unreachable target is down, names no password, and deliveries to it are rejected")
    void unreachableTarget() throws Exception {
        start(Map.of("mqtt.targets.orders.password", "s3cret-pw", "mqtt.targets.orders.client.id", "bridge-7"));
        var health = plugin.health().get("mqtt.orders");
        assertFalse(health.up());
        assertFalse(health.detail().contains("s3cret-pw"), health.detail());

        Event e = new Event(UUID.randomUUID(), 1, "shop", "t", "", null, null, Instant.now());
        EventDelivery d = new EventDelivery(e, MqttTargetContract.SUB, 1);
        plugin.deliveryRequest("mqtt.orders", MqttTargetContract.SUBSCRIPTION, d, null);
        plugin.deliveryRequest("mqtt.nowhere", MqttTargetContract.SUBSCRIPTION, d, null);
        assertEquals(2, callbacks.rejects().size());
        assertTrue(callbacks.responses.stream().allMatch(DeliveryResponse::rejected));
    }

    @Test
    @DisplayName("subscriptions with plugin options are refused")
    void noSubscriptionOptions() throws Exception {
        plugin = new MqttPlugin();
        SubscriptionOptions plain = SubscriptionOptions.defaults();
        assertEquals(plain, plugin.validateOptions(plain));
        assertThrows(InvalidOptionsException.class, () -> plugin.validateOptions(plain.withPlugin(Map.of("qos", "2"))));
    }
}
