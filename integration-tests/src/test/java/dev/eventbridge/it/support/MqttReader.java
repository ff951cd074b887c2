package dev.eventbridge.it.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A plain MQTT 5 application (Paho) subscribed at QoS 1 to one topic, collecting the {@code id} user
 * property of each message (an MQTT 3.1.1 publish has none: its id is read from the JSON body's
 * {@code "id"}).
 */
public final class MqttReader implements AutoCloseable {

    private final MqttClient client;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicInteger received = new AtomicInteger();

    public MqttReader(String url, String topic) throws MqttException {
        client = new MqttClient(url, "eventbridge-it-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String t, MqttMessage message) {
                received.incrementAndGet();
                String id = null;
                for (UserProperty p : message.getProperties().getUserProperties()) {
                    if (p.getKey().equals("id")) {
                        id = p.getValue();
                    }
                }
                if (id == null) {
                    id = idInBody(new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
                if (id != null) {
                    ids.add(id);
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setReceiveMaximum(65_535);
        client.connect(options);
        client.subscribe(topic, 1);
    }

    private static String idInBody(String json) {
        try {
            return com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(json).path("id").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    public Set<String> ids() {
        return new TreeSet<>(ids);
    }

    public int received() {
        return received.get();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
