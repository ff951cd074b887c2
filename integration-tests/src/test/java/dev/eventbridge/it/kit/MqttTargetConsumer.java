package dev.eventbridge.it.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * An MQTT 5 application on a topic: a persistent session (clean start off, long expiry) so that
 * what is published while it is away waits for it, attributes read from the user properties, and
 * replies sent with the event id as correlation data.
 */
public final class MqttTargetConsumer implements TargetConsumer {

    private final MqttClient client;
    private final String replyTopic;
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();

    public MqttTargetConsumer(String url, String topic, String replyTopic) throws Exception {
        this.replyTopic = replyTopic;
        this.client = new MqttClient(url, "kit-" + topic.replace('/', '-'), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                received.add(message);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(options);
        client.subscribe(topic, 1);
    }

    @Override
    public Received receive(Duration timeout) throws Exception {
        MqttMessage m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (UserProperty p : m.getProperties().getUserProperties()) {
            attributes.put(p.getKey(), p.getValue());
        }
        return new Received(attributes, new String(m.getPayload(), StandardCharsets.UTF_8), null, m.getPayload());
    }

    @Override
    public void reply(Received to, String body) throws Exception {
        MqttMessage reply = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        reply.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(to.id().getBytes(StandardCharsets.UTF_8));
        properties.setContentType("application/json");
        reply.setProperties(properties);
        client.publish(replyTopic, reply);
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
