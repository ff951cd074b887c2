package dev.eventbridge.plugin.mqtt.mapping;

import java.util.Map;

/**
 * A message to publish, independent of the client library. MQTT 3.1.1 uses the payload only.
 *
 * @param payload the message body
 * @param utf8 whether the payload is UTF-8 text (MQTT 5 payload format indicator)
 * @param contentType the MQTT 5 content type, or null
 * @param correlationData the MQTT 5 correlation data, or null
 * @param responseTopic the MQTT 5 response topic, or null
 * @param userProperties the MQTT 5 user properties, in order
 */
public record OutboundMessage(byte[] payload, boolean utf8, String contentType, byte[] correlationData,
                              String responseTopic, Map<String, String> userProperties) {
}
