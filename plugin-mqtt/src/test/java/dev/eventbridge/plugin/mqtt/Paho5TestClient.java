package dev.eventbridge.plugin.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** An MQTT 5 test client. */
final class Paho5TestClient implements TestClient {

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Paho5TestClient(String url, String clientId) throws Exception {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
    }

    @Override
    public void subscribe(String topicFilter) throws Exception {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topicFilter, 1)}, new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
            (topic, m) -> {
                MqttProperties p = m.getProperties();
                Map<String, String> user = new LinkedHashMap<>();
                if (p.getUserProperties() != null) {
                    p.getUserProperties().forEach(u -> user.put(u.getKey(), u.getValue()));
                }
                received.add(new Received(topic, m.getPayload(), user, p.getContentType(), p.getCorrelationData(),
                        p.getResponseTopic()));
            }});
    }

    @Override
    public List<Received> received() {
        return received;
    }

    @Override
    public void reply(String topic, UUID eventId, String type, String json) throws Exception {
        MqttProperties p = new MqttProperties();
        p.setCorrelationData(eventId.toString().getBytes(StandardCharsets.UTF_8));
        p.setContentType("application/json");
        p.setUserProperties(List.of(new UserProperty("type", type)));
        client.publish(topic, new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, false, p));
    }

    @Override
    public void publishRaw(String topic, byte[] payload) throws Exception {
        client.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties()));
    }

    @Override
    public void clearRetained(String topic) throws Exception {
        client.publish(topic, new MqttMessage(new byte[0], 1, true, new MqttProperties()));
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
