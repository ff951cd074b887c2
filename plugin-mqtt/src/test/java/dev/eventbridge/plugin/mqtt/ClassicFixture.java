package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.activemq.EmbeddedClassicBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Embedded ActiveMQ Classic over MQTT 3.1.1 (Classic speaks no MQTT 5), read and written with a
 * plain Paho 3 client, for the compatibility kit. The kit's destination {@code a.b} is MQTT topic
 * {@code a/b}, Classic topic {@code a.b}.
 */
final class ClassicFixture implements MqttFixture {

    private final EmbeddedClassicBroker broker;
    private final Function<TestClient.Received, UUID> eventId = MqttCompatibilityTest::v311EventId;
    private final AtomicInteger clientIds = new AtomicInteger();

    ClassicFixture(Path dir) {
        this.broker = new EmbeddedClassicBroker(dir);
    }

    @Override
    public String url() {
        return broker.mqttUrl();
    }

    @Override
    public String topic(String destination) {
        return destination.replace('.', '/');
    }

    @Override
    public void start() throws Exception {
        broker.start();
    }

    @Override
    public void stop() throws Exception {
        broker.stop();
    }

    @Override
    public Receiver receiver(String destination) throws Exception {
        TestClient client = new Paho3TestClient(broker.mqttUrl(), "kit-reader-" + clientIds.incrementAndGet());
        client.subscribe(topic(destination));
        return MqttFixture.receiver(client, eventId, () -> { });
    }

    @Override
    public long accepted(String destination) {
        return broker.accepted(destination);
    }

    /** MQTT 3.1.1's PUBACK carries no reason code: a broker can drop a publish, never refuse it to the sender. */
    @Override
    public String refusingDestination() {
        throw new UnsupportedOperationException("MQTT 3.1.1 has no negative acknowledgement of a publish");
    }

    @Override
    public void sendReply(String replyDestination, UUID answered, String type, String json) throws Exception {
        try (TestClient client = new Paho3TestClient(broker.mqttUrl(), "kit-replier-" + clientIds.incrementAndGet())) {
            client.reply(topic(replyDestination), answered, type, json);
        }
    }

    @Override
    public int connections() {
        return broker.connectionCount();
    }
}
