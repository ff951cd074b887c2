package dev.eventbridge.it.brokers;

import static dev.eventbridge.it.support.Distribution.awaitStarted;
import static dev.eventbridge.it.support.Distribution.onFailure;
import static dev.eventbridge.it.support.Distribution.read;
import static dev.eventbridge.it.support.Distribution.stop;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.Distribution;
import dev.eventbridge.it.support.MqttReader;
import dev.eventbridge.tck.LocalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution against the brokers the project's machines run as services, with the options a
 * user writes and nothing more (defaults otherwise, read.ahead=100 as in the README): RabbitMQ 3.x
 * through plugin-amqp, to a durable queue its operator declared, and Mosquitto through plugin-mqtt, MQTT 5 and 3.1.1. Read back by plain client
 * applications. Skipped with one line where a service is absent; fails instead under CI=true.
 */
class ServiceBrokersDistributionTest {

    private static final int EVENTS = 2_000;
    private static final int READ_AHEAD = 100;
    private static final String MOSQUITTO = "tcp://127.0.0.1:1883";

    @TempDir
    Path dir;
    private Distribution distribution;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void unpack() throws Exception {
        distribution = Distribution.unpack(dir);
    }

    @AfterEach
    void stopAll() throws Exception {
        distribution.close();
    }

    @Test
    @DisplayName("RabbitMQ (AMQP 1.0) and Mosquitto (MQTT 5 and 3.1.1) with default options: every event arrives, no redelivery storm, offsets reach the head, queues durable")
    void deliversToTheMachinesRabbitMqAndMosquitto() throws Exception {
        LocalService.require("RabbitMQ", "127.0.0.1", 5672);
        LocalService.require("Mosquitto", "127.0.0.1", 1883);
        LocalService.requireRabbitMqPlugin("rabbitmq_amqp1_0", RabbitMq::speaksAmqp10);
        String queue = "eventbridge.it." + run;
        String topic5 = "eventbridge-it/" + run + "/v5";
        String topic3 = "eventbridge-it/" + run + "/v311";
        RabbitMq.declareDurable(queue);
        try (RabbitMq.Reader rabbitApp = RabbitMq.reader(queue);
             MqttReader v5App = new MqttReader(MOSQUITTO, topic5);
             MqttReader v3App = new MqttReader(MOSQUITTO, topic3)) {
            int httpPort = EmbeddedBroker.freePort();
            Properties config = new Properties();
            config.setProperty("bridge.http.port", String.valueOf(httpPort));
            config.setProperty("amqp.targets.rabbit.url", "amqp://127.0.0.1:5672");
            config.setProperty("amqp.targets.rabbit.username", "guest");
            config.setProperty("amqp.targets.rabbit.password", "guest");
            config.setProperty("amqp.targets.rabbit.queue", queue);
            config.setProperty("amqp.targets.rabbit.subscriptions", "to-rabbit");
            config.setProperty("mqtt.targets.v5.url", MOSQUITTO);
            config.setProperty("mqtt.targets.v5.topic", topic5);
            config.setProperty("mqtt.targets.v5.subscriptions", "to-mosquitto-5");
            config.setProperty("mqtt.targets.v3.url", MOSQUITTO);
            config.setProperty("mqtt.targets.v3.version", "3.1.1");
            config.setProperty("mqtt.targets.v3.topic", topic3);
            config.setProperty("mqtt.targets.v3.subscriptions", "to-mosquitto-311");
            for (String[] sub : new String[][] {{"to-rabbit", "amqp"}, {"to-mosquitto-5", "mqtt"}, {"to-mosquitto-311", "mqtt"}}) {
                config.setProperty("bridge.subscriptions." + sub[0] + ".transport", sub[1]);
                config.setProperty("bridge.subscriptions." + sub[0] + ".read.ahead", String.valueOf(READ_AHEAD));
            }
            Path file = Distribution.write(dir.resolve("work/bridge.properties"), config);
            Path log = dir.resolve("bridge.log");
            Process bridge = distribution.bridge(dir.resolve("work"), log, Map.of(), file.toString());
            onFailure(log, () -> {
                awaitStarted(bridge, log);
                BridgeClient client = new BridgeClient(httpPort);
                await("every target connected").atMost(Duration.ofSeconds(60))
                        .until(() -> client.health().get("status").asText().equals("UP")
                                && client.health().get("connections").size() == 3);
                Set<String> published = new TreeSet<>();
                for (int i = 0; i < EVENTS; i += 500) {
                    client.publish("order.created", "orders", 500).forEach(e -> published.add(e.get("id").asText()));
                }
                await("every event at RabbitMQ and at both Mosquitto readers").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                            assertEquals(published, rabbitApp.ids(), "through plugin amqp to RabbitMQ");
                            assertEquals(published, v5App.ids(), "through plugin mqtt, MQTT 5, to Mosquitto");
                            assertEquals(published, v3App.ids(), "through plugin mqtt, MQTT 3.1.1, to Mosquitto");
                        });
                for (String name : new String[] {"to-rabbit", "to-mosquitto-5", "to-mosquitto-311"}) {
                    String id = client.call("GET", "/api/subscriptions", null, 200).findParents("name").stream()
                            .filter(s -> s.get("name").asText().equals(name)).findFirst().orElseThrow().get("id").asText();
                    await(name + " commits up to the head").atMost(Duration.ofSeconds(30))
                            .until(() -> client.committed(id) >= EVENTS);
                }
                int duplicates = rabbitApp.received() - EVENTS + v5App.received() - EVENTS + v3App.received() - EVENTS;
                assertEquals(0, duplicates, "no redelivery without a reconnect: RabbitMQ " + rabbitApp.received()
                        + ", MQTT 5 " + v5App.received() + ", MQTT 3.1.1 " + v3App.received() + " messages for " + EVENTS);
                String output = read(log);
                assertFalse(output.contains("Delivery rejected"), "no delivery rejected:\n" + output);
                assertTrue(RabbitMq.durable(queue), "the queue RabbitMQ holds for the bridge is durable");
                stop(bridge);
            });
        } finally {
            RabbitMq.delete(queue);
        }
    }
}
