package dev.eventbridge.it.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.BridgeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials: never in logs or API output; SASL log-in works; a wrong password is a clear error, not a retry storm. */
class SecretsAndCredentialsTest {

    private static final String PASSWORD = "S3cr3t-Pa55word";
    private static final String URL_TOKEN = "T0k3n-in-the-url";
    private static final String MQTT_PASSWORD = "Mqtt-Pa55-7781";

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private BridgeProcess process;
    private Bridge bridge;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @DisplayName("passwords and tokens in URLs appear neither in the logs (failures included) nor in the HTTP API's output")
    void secretsNeverShown() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
        int closedPort = EmbeddedBroker.freePort();
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        p.setProperty("amqp.targets.good.url", broker.amqpUrl() + "?jms.password=" + URL_TOKEN);
        p.setProperty("amqp.targets.good.username", "bridge");
        p.setProperty("amqp.targets.good.password", PASSWORD);
        p.setProperty("amqp.targets.good.queue", "SECRET.ORDERS");
        p.setProperty("amqp.targets.good.subscriptions", "orders");
        p.setProperty("amqp.targets.down.url", "amqp://127.0.0.1:" + closedPort + "?jms.password=" + URL_TOKEN);
        p.setProperty("jms.targets.down.connection.factory", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory");
        p.setProperty("jms.targets.down.url", "tcp://127.0.0.1:" + closedPort + "?user=bridge&password=" + URL_TOKEN);
        p.setProperty("jms.targets.down.password", PASSWORD);
        p.setProperty("jms.targets.down.queue", "SECRET.NOWHERE");
        p.setProperty("jms.targets.down.subscriptions", "nowhere");
        p.setProperty("amqp.targets.down.password", PASSWORD);
        p.setProperty("amqp.targets.down.queue", "SECRET.NOWHERE");
        p.setProperty("amqp.targets.down.subscriptions", "nowhere");
        p.setProperty("amqp.targets.down.reconnect.initial.delay", "50ms");
        p.setProperty("mqtt.targets.down.url", "tcp://127.0.0.1:" + closedPort);
        p.setProperty("mqtt.targets.down.username", "bridge");
        p.setProperty("mqtt.targets.down.password", MQTT_PASSWORD);
        p.setProperty("mqtt.targets.down.topic", "secret/nowhere");
        p.setProperty("bridge.subscriptions.orders.transport", "amqp");
        p.setProperty("bridge.subscriptions.nowhere.transport", "amqp");
        process = BridgeProcess.start(dir.resolve("run"), p);
        BridgeClient client = new BridgeClient(process.port());

        client.publish("order.created", "orders", 3);
        JsonNode subs = client.call("GET", "/api/subscriptions", null, 200);
        String orders = null;
        for (JsonNode s : subs) {
            if (s.get("name").asText().equals("orders")) {
                orders = s.get("id").asText();
            }
        }
        String ordersId = orders;
        await("delivered through the good target").until(() -> client.committed(ordersId) == 3);
        await("the down targets have failed to connect, and said so").atMost(Duration.ofSeconds(20))
                .until(() -> process.log().contains("amqp.down: cannot connect") && process.log().contains("jms.down: cannot connect")
                        && process.log().contains("mqtt.down"));

        String output = process.log() + client.health() + subs + client.call("GET", "/api/subscriptions/" + ordersId, null, 200);
        for (String secret : List.of(PASSWORD, URL_TOKEN, MQTT_PASSWORD)) {
            assertFalse(output.contains(secret), "'" + secret + "' leaked:\n" + output);
        }
        assertTrue(client.health().get("plugins").get("amqp").get("amqp.down").get("detail").asText().contains("cannot connect"));
    }

    @Test
    @DisplayName("SASL credentials log in and deliver; a wrong password is reported clearly in health and retried slowly")
    void wrongPasswordIsClearNotAStorm() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).requireLogin("bridge", "right-password").start();
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        p.setProperty("amqp.targets.ok.url", broker.amqpUrl());
        p.setProperty("amqp.targets.ok.sasl.mechanisms", "PLAIN");
        p.setProperty("amqp.targets.ok.username", "bridge");
        p.setProperty("amqp.targets.ok.password", "right-password");
        p.setProperty("amqp.targets.ok.queue", "SASL.ORDERS");
        p.setProperty("amqp.targets.ok.subscriptions", "orders");
        p.setProperty("amqp.targets.wrong.url", broker.amqpUrl());
        p.setProperty("amqp.targets.wrong.username", "bridge");
        p.setProperty("amqp.targets.wrong.password", "wrong-password");
        p.setProperty("amqp.targets.wrong.queue", "SASL.NOWHERE");
        p.setProperty("amqp.targets.wrong.subscriptions", "nothing");
        p.setProperty("amqp.targets.wrong.reconnect.initial.delay", "50ms");
        p.setProperty("amqp.targets.wrong.reconnect.max.delay", "2s");
        p.setProperty("bridge.subscriptions.orders.transport", "amqp");
        bridge = Bridge.start(BridgeConfig.fromProperties(p, "sasl.properties"));
        BridgeClient client = new BridgeClient(bridge.httpPort());
        String sub = client.call("GET", "/api/subscriptions", null, 200).get(0).get("id").asText();

        client.publish("order.created", "orders", 5);
        await("delivered with SASL PLAIN").until(() -> client.committed(sub) == 5);
        await("the refused log-in shows in health").atMost(Duration.ofSeconds(10)).until(() ->
                client.health().get("plugins").get("amqp").get("amqp.wrong").get("detail").asText().contains("cannot connect"));
        JsonNode wrong = client.health().get("plugins").get("amqp").get("amqp.wrong");
        assertFalse(wrong.get("up").asBoolean());
        assertTrue(wrong.get("detail").asText().toLowerCase().contains("authenticat"), wrong.toString());
        assertFalse(wrong.toString().contains("wrong-password"), wrong.toString());

        int before = broker.loginAttempts();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        int attempts = broker.loginAttempts() - before;
        assertTrue(attempts <= 3, attempts + " log-in attempts in 3 s: refused credentials must be retried at reconnect.max.delay");
        assertEquals(5, client.committed(sub));
    }
}
