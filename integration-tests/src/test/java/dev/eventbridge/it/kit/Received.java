package dev.eventbridge.it.kit;

import java.util.Map;

/**
 * A broker message as a plain consumer application read it, with the event attributes the plugin
 * mapped onto it (protocol-specific naming already undone by the kit's subclass).
 *
 * @param attributes CloudEvents attribute name (id, type, sequence, topic, namespace, ...) to value
 * @param body the payload as text
 * @param replyHandle what the subclass needs to answer this message, or null
 * @param bodyBytes the payload's bytes as the consumer got them (a text body as UTF-8)
 */
public record Received(Map<String, String> attributes, String body, Object replyHandle, byte[] bodyBytes) {

    public long sequence() {
        return Long.parseLong(attributes.get("sequence"));
    }

    public String id() {
        return attributes.get("id");
    }
}
