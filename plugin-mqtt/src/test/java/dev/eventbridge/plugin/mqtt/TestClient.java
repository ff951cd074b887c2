package dev.eventbridge.plugin.mqtt;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A plain Paho client the tests use to read what the plugin published and to send replies. */
interface TestClient extends AutoCloseable {

    /** One received message; MQTT 3.1.1 messages have a payload only. */
    record Received(String topic, byte[] payload, Map<String, String> userProperties, String contentType,
                    byte[] correlationData, String responseTopic) {
    }

    /** Subscribes at QoS 1 and waits for the SUBACK. */
    void subscribe(String topicFilter) throws Exception;

    /** Everything received so far, in arrival order. */
    List<Received> received();

    /** Publishes a reply to {@code eventId} in this version's reply format, with a JSON body. */
    void reply(String topic, UUID eventId, String type, String json) throws Exception;

    /** Publishes raw bytes with no properties. */
    void publishRaw(String topic, byte[] payload) throws Exception;

    /** Deletes the message retained on {@code topic}, if any (publishes an empty retained message). */
    void clearRetained(String topic) throws Exception;

    @Override
    void close() throws Exception;
}
