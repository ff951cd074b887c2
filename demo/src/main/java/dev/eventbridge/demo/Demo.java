package dev.eventbridge.demo;

import dev.eventbridge.artemis.EmbeddedBroker;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.json.Json;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The README's main job. Starts an embedded ActiveMQ Artemis (CORE, AMQP 1.0, MQTT on one port),
 * starts the bridge on embedded defaults plus one broker target per plugin, publishes events over
 * the bridge's HTTP API, and reads them back from the broker with plain clients: the Artemis JMS
 * client on queue DEMO.JMS, Qpid JMS on DEMO.AMQP, Paho on MQTT topic demo/mqtt. Exits 0 when
 * every event arrived through every plugin, 1 otherwise. {@code --keep-running} leaves the bridge
 * and broker up afterwards for experiments with curl.
 */
public final class Demo {

    private static final int EVENTS = 3;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        boolean keepRunning = List.of(args).contains("--keep-running");
        Path work = Files.createTempDirectory("eventbridge-demo");
        EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker")).start();
        System.out.println("Embedded Artemis listening on " + broker.coreUrl() + " (CORE, AMQP, MQTT)");

        MqttClient mqtt = new MqttClient(broker.mqttUrl(), "demo-consumer", new MemoryPersistence());
        BlockingQueue<String> mqttReceived = new LinkedBlockingQueue<>();
        MqttConnectOptions mqttOptions = new MqttConnectOptions();
        mqttOptions.setCleanSession(false);
        mqtt.connect(mqttOptions);
        mqtt.subscribe("demo/mqtt", 1, (topic, message) -> mqttReceived.add(new String(message.getPayload(), StandardCharsets.UTF_8)));

        Properties config = new Properties();
        config.setProperty("bridge.http.port", keepRunning ? "8080" : "0");
        config.setProperty("bridge.data.dir", work.resolve("bridge").toString());
        config.setProperty("jms.targets.demo.connection.factory", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory");
        config.setProperty("jms.targets.demo.url", broker.coreUrl());
        config.setProperty("jms.targets.demo.queue", "DEMO.JMS");
        config.setProperty("jms.targets.demo.subscriptions", "demo-jms");
        config.setProperty("amqp.targets.demo.url", broker.amqpUrl());
        config.setProperty("amqp.targets.demo.queue", "DEMO.AMQP");
        config.setProperty("amqp.targets.demo.subscriptions", "demo-amqp");
        config.setProperty("mqtt.targets.demo.url", broker.mqttUrl());
        config.setProperty("mqtt.targets.demo.topic", "demo/mqtt");
        config.setProperty("mqtt.targets.demo.subscriptions", "demo-mqtt");
        for (String plugin : List.of("jms", "amqp", "mqtt")) {
            config.setProperty("bridge.subscriptions.demo-" + plugin + ".transport", plugin);
            config.setProperty("bridge.subscriptions.demo-" + plugin + ".read.ahead", "10");
        }
        Bridge bridge = Bridge.start(BridgeConfig.fromProperties(config, "the demo's built-in configuration"));
        String api = "http://127.0.0.1:" + bridge.httpPort();
        System.out.println("Bridge HTTP API on " + api + "/api");

        HttpClient http = HttpClient.newHttpClient();
        for (int i = 1; i <= EVENTS; i++) {
            String body = "{\"type\":\"order.created\",\"topic\":\"orders\",\"reference\":\"order-" + i + "\",\"data\":[{\"order\":" + i
                    + ",\"amount\":" + (i * 10) + "}]}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/events"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode event = Json.parse(r.body());
            System.out.printf("Published  event %d  %s  %s%n", event.get("sequence").asLong(), event.get("type").asText(), body);
        }

        boolean ok = true;
        ok &= readJms("jms  (Artemis CORE client)", new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(broker.coreUrl()),
                "DEMO.JMS", "ce_");
        ok &= readJms("amqp (Qpid JMS, AMQP 1.0)  ", new org.apache.qpid.jms.JmsConnectionFactory(broker.amqpUrl()), "DEMO.AMQP",
                "cloudEvents_");
        List<String> fromMqtt = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String m = mqttReceived.poll(30, TimeUnit.SECONDS);
            if (m == null) {
                break;
            }
            fromMqtt.add(m);
            System.out.println("Arrived on MQTT topic demo/mqtt via mqtt (Paho): " + m);
        }
        ok &= fromMqtt.size() == EVENTS;

        JsonNode subs = Json.parse(http.send(HttpRequest.newBuilder(URI.create(api + "/api/subscriptions")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode s : subs) {
            // offsets are committed at most every 50 ms while acks flow: wait (5 s at most) for the last ack's commit
            URI offsetUri = URI.create(api + "/api/subscriptions/" + s.get("id").asText() + "/offset");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long committed;
            while ((committed = Json.parse(http.send(HttpRequest.newBuilder(offsetUri).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).get("committed").asLong()) < EVENTS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            ok &= committed == EVENTS;
            System.out.printf("Subscription %-10s on %-12s committed offset %d%n", s.get("name").asText(), s.get("connection").asText(),
                    committed);
        }
        System.out.println(ok ? "DEMO OK: every event arrived on the broker through every plugin."
                : "DEMO FAILED: some events did not arrive; see the log above.");
        if (keepRunning) {
            System.out.println("Still running (--keep-running): try  curl -XPOST " + api
                    + "/api/events -d '{\"type\":\"order.created\",\"data\":[{\"id\":1}]}'   Ctrl-C to stop.");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bridge, mqtt, broker, work)));
            Thread.currentThread().join();
        }
        stop(bridge, mqtt, broker, work);
        System.exit(ok ? 0 : 1);
    }

    private static boolean readJms(String label, ConnectionFactory factory, String queue, String prefix) throws Exception {
        int got = 0;
        try (Connection c = factory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            for (int i = 0; i < EVENTS; i++) {
                Message m = consumer.receive(30_000);
                if (m == null) {
                    break;
                }
                got++;
                System.out.printf("Arrived on queue %-9s via %s: %s=%s %s=%s %s=%s body=%s%n", queue, label,
                        prefix + "sequence", m.getObjectProperty(prefix + "sequence"), prefix + "type", m.getStringProperty(prefix + "type"),
                        prefix + "id", m.getStringProperty(prefix + "id"), body(m));
            }
        }
        return got == EVENTS;
    }

    private static String body(Message m) throws jakarta.jms.JMSException {
        if (m instanceof TextMessage t) {
            return t.getText();
        }
        if (m instanceof jakarta.jms.BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return m.getClass().getSimpleName();
    }

    private static void stop(Bridge bridge, MqttClient mqtt, EmbeddedBroker broker, Path work) {
        try {
            bridge.close();
            mqtt.disconnect();
            mqtt.close();
            broker.stop();
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (Exception e) {
            System.err.println("Shutdown: " + e);
        }
    }
}
