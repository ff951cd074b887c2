package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.tck.BrokerFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * Embedded Artemis over MQTT, read and written with a plain Paho client of one protocol version,
 * for the compatibility kit. The kit's destination {@code a.b} is MQTT topic {@code a/b}, Artemis address {@code a.b}.
 */
final class ArtemisFixture implements MqttFixture {

    private final EmbeddedBroker broker;
    private final ClientFactory clients;
    private final Function<TestClient.Received, UUID> eventId;
    private final AtomicInteger clientIds = new AtomicInteger();

    ArtemisFixture(Path dir, ClientFactory clients, Function<TestClient.Received, UUID> eventId) {
        this.broker = new EmbeddedBroker(dir).addressSetting("full.#", new AddressSettings()
                .setMaxSizeBytes(EmbeddedMqttBroker.FULL_MAX_BYTES).setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
        this.clients = clients;
        this.eventId = eventId;
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
        TestClient client = clients.create(broker.mqttUrl(), "kit-reader-" + clientIds.incrementAndGet());
        client.subscribe(destination.replace('.', '/'));
        return MqttFixture.receiver(client, eventId, () -> { });
    }

    @Override
    public long accepted(String destination) {
        return broker.routedTo(destination.replace('/', '.'));
    }

    @Override
    public String refusingDestination() throws Exception {
        broker.createQueue("full.orders", "held");
        return "full.orders";
    }

    @Override
    public void sendReply(String replyDestination, UUID answered, String type, String json) throws Exception {
        try (TestClient client = clients.create(broker.mqttUrl(), "kit-replier-" + clientIds.incrementAndGet())) {
            client.reply(replyDestination.replace('.', '/'), answered, type, json);
        }
    }

    /**
     * Artemis's MQTT acceptor reorders QoS 1 publishes in flight together (ARTEMIS-6191) and over
     * MQTT 5 at times sends PUBACKs out of publish order (captured between plugin and broker).
     */
    @Override
    public boolean keepsOrder() {
        return false;
    }

    @Override
    public int connections() {
        return broker.connectionCount();
    }
}
