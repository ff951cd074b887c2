package dev.eventbridge.plugin.mqtt.mapping;

import java.util.Map;

/**
 * A received message, independent of the client library. MQTT 3.1.1 messages have only topic and payload.
 *
 * @param topic the topic it arrived on
 * @param payload the message body, never null
 * @param utf8 whether the sender marked the payload as UTF-8 text (MQTT 5 payload format indicator)
 * @param contentType the MQTT 5 content type, or null
 * @param correlationData the MQTT 5 correlation data, or null
 * @param userProperties the MQTT 5 user properties (the first value of each name), never null
 */
public record InboundMessage(String topic, byte[] payload, boolean utf8, String contentType, byte[] correlationData,
                             Map<String, String> userProperties) {

    public InboundMessage {
        payload = payload == null ? new byte[0] : payload;
        userProperties = userProperties == null ? Map.of() : userProperties;
    }
}
