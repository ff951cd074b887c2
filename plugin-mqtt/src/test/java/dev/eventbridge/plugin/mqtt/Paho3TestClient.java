package dev.eventbridge.plugin.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An MQTT 3.1.1 test client. */
final class Paho3TestClient implements TestClient {

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Paho3TestClient(String url, String clientId) throws Exception {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        client.connect(options);
    }

    @Override
    public void subscribe(String topicFilter) throws Exception {
        client.subscribe(topicFilter, 1, (topic, m) -> received.add(new Received(topic, m.getPayload(), Map.of(), null, null, null)));
    }

    @Override
    public List<Received> received() {
        return received;
    }

    @Override
    public void reply(String topic, UUID eventId, String type, String json) throws Exception {
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/shop\",\"type\":\"" + type
                + "\",\"cid\":\"" + eventId + "\",\"datacontenttype\":\"application/json\",\"data\":" + json + "}";
        publishRaw(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void publishRaw(String topic, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    @Override
    public void clearRetained(String topic) throws Exception {
        client.publish(topic, new byte[0], 1, true);
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
