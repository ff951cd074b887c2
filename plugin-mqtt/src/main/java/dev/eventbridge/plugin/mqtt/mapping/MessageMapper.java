package dev.eventbridge.plugin.mqtt.mapping;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.event.Reply;
import dev.eventbridge.connectout.UnmappableEventException;
import dev.eventbridge.connectout.cloudevents.CloudEventAttributes;
import dev.eventbridge.connectout.group.GroupBy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Maps events to MQTT messages and reply messages to delivery responses, following the CloudEvents
 * MQTT binding.
 *
 * <p>MQTT 5, binary mode: the attributes ({@code specversion}, {@code id}, {@code source},
 * {@code type}, {@code subject}, {@code time}) and extensions ({@code sequence}, {@code topic},
 * {@code namespace}, {@code cid}, {@code reference}, {@code subscription}) are user properties; the
 * content type property is {@code application/json}; correlation data is the event id; the
 * response topic is the target's reply topic; the payload is the event's data as a JSON array, or
 * empty without data. A group key ({@code group.by}) is the user property {@value #GROUP_PROPERTY}.
 *
 * <p>MQTT 3.1.1, structured mode: the payload is one CloudEvents JSON object with the same
 * attributes and extensions, and {@code datacontenttype} and {@code data} (the data array) when the
 * subscription sends data. MQTT 3.1.1 has no properties, so no group key is sent.
 *
 * <p>Replies: MQTT 5 correlation data, or the {@code cid} member of an MQTT 3.1.1 JSON reply, must be
 * the answered event's id. Reply data is kept as the application sent it: an MQTT 3.1.1 {@code data}
 * member as its JSON text (not re-rendered), an MQTT 5 text payload as its text, or as binary data
 * when it is not well-formed UTF-8. Thread-safe.
 */
public final class MessageMapper {

    /** The content type of event payloads. */
    public static final String CONTENT_TYPE = CloudEventAttributes.JSON;

    /** The MQTT 5 user property carrying the group key. */
    public static final String GROUP_PROPERTY = "group";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProtocolVersion version;
    private final String replyTopic;
    private final String defaultReplyType;
    private final GroupBy groupBy;

    /**
     * @param version the target's protocol version
     * @param replyTopic the reply topic to announce in MQTT 5 messages, or null
     * @param defaultReplyType the type of a reply that does not name one
     */
    public MessageMapper(ProtocolVersion version, String replyTopic, String defaultReplyType) {
        this(version, replyTopic, defaultReplyType, GroupBy.NONE);
    }

    /** As above, with each MQTT 5 message's group key taken as {@code groupBy} says. */
    public MessageMapper(ProtocolVersion version, String replyTopic, String defaultReplyType, GroupBy groupBy) {
        this.version = version;
        this.replyTopic = replyTopic;
        this.defaultReplyType = defaultReplyType;
        this.groupBy = java.util.Objects.requireNonNull(groupBy, "groupBy");
    }

    /** The message for one delivery; {@code data} is null when the subscription is without data. */
    public OutboundMessage toMessage(EventDelivery delivery, DataArray data) {
        return toMessage(delivery, data, null);
    }

    /** As {@link #toMessage(EventDelivery, DataArray)}, as a dead letter with its attributes unless {@code deadLettered} is null. */
    public OutboundMessage toMessage(EventDelivery delivery, DataArray data, CloudEventAttributes.DeadLettered deadLettered) {
        return version == ProtocolVersion.V5 ? binary(delivery, data, deadLettered) : structured(delivery, data, deadLettered);
    }

    private OutboundMessage binary(EventDelivery delivery, DataArray data, CloudEventAttributes.DeadLettered deadLettered) {
        CloudEventAttributes attributes = CloudEventAttributes.of(delivery, false, deadLettered); // content type is an MQTT property
        Map<String, String> props = new LinkedHashMap<>();
        attributes.writeTo(new CloudEventAttributes.Writer<RuntimeException>() {
            @Override
            public void text(String name, String value) {
                props.put(name, value);
            }

            @Override
            public void number(String name, long value) {
                props.put(name, Long.toString(value));
            }
        });
        String group = groupBy.key(delivery.event(), data);
        if (group != null) {
            props.put(GROUP_PROPERTY, group);
        }
        byte[] payload = data == null ? new byte[0] : data.toJson().getBytes(StandardCharsets.UTF_8);
        return new OutboundMessage(payload, true, CONTENT_TYPE, attributes.id().getBytes(StandardCharsets.UTF_8),
                replyTopic, props);
    }

    private OutboundMessage structured(EventDelivery delivery, DataArray data, CloudEventAttributes.DeadLettered deadLettered) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            CloudEventAttributes.of(delivery, data != null, deadLettered).writeTo(new CloudEventAttributes.Writer<IOException>() {
                @Override
                public void text(String name, String value) throws IOException {
                    g.writeStringField(name, value);
                }

                @Override
                public void number(String name, long value) throws IOException {
                    g.writeNumberField(name, value);
                }
            });
            if (data != null) {
                g.writeFieldName("data");
                g.writeRawValue(data.toJson());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UnmappableEventException("event " + delivery.event().id() + " cannot be written as a CloudEvent: " + ex.getMessage(), ex);
        }
        return new OutboundMessage(out.toByteArray(), true, null, null, null, Map.of());
    }

    /**
     * The late-reply response for a message received on the reply topic.
     *
     * @throws IllegalArgumentException saying why the message is not a usable reply
     */
    public DeliveryResponse toReply(InboundMessage message) {
        return version == ProtocolVersion.V5 ? binaryReply(message) : structuredReply(message);
    }

    private DeliveryResponse binaryReply(InboundMessage m) {
        if (m.correlationData() == null) {
            throw new IllegalArgumentException("it has no correlation data");
        }
        UUID eventId = uuid(new String(m.correlationData(), StandardCharsets.UTF_8), "its correlation data");
        Map<String, String> p = m.userProperties();
        String type = p.getOrDefault("type", defaultReplyType);
        String topic = p.containsKey("topic") ? p.get("topic") : p.get("subject");
        DataArray data;
        if (m.payload().length == 0) {
            data = DataArray.empty();
        } else if ((m.utf8() || isText(m.contentType())) && isUtf8(m.payload())) {
            data = DataArray.ofJson(new String(m.payload(), StandardCharsets.UTF_8));
        } else {
            data = new DataArray(List.of(new DataArray.Data.Binary(m.payload(), m.contentType())));
        }
        return DeliveryResponse.reply(eventId, new Reply(type, topic, p.get("reference"), data));
    }

    private DeliveryResponse structuredReply(InboundMessage m) {
        JsonNode root;
        try {
            root = JSON.readTree(m.payload());
        } catch (IOException e) {
            throw new IllegalArgumentException("its payload is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("its payload is not a JSON object");
        }
        JsonNode cid = root.get("cid");
        if (cid == null || !cid.isTextual()) {
            throw new IllegalArgumentException("it has no 'cid' member");
        }
        UUID eventId = uuid(cid.asText(), "its 'cid'");
        String type = text(root, "type");
        String topic = root.has("topic") ? text(root, "topic") : text(root, "subject");
        DataArray data;
        JsonNode base64 = root.get("data_base64");
        JsonNode json = root.get("data");
        if (base64 != null && base64.isTextual()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("its 'data_base64' is not base64");
            }
            data = new DataArray(List.of(new DataArray.Data.Binary(bytes, text(root, "datacontenttype"))));
        } else if (json != null && !json.isNull()) {
            data = DataArray.ofJson(rawMember(m.payload(), "data"));
        } else {
            data = DataArray.empty();
        }
        return DeliveryResponse.reply(eventId, new Reply(type == null ? defaultReplyType : type, topic,
                text(root, "reference"), data));
    }

    /**
     * The JSON text of the top-level member {@code name} (the last one if repeated, as the tree
     * keeps), cut out of the payload as sent: numbers and whitespace inside it are not re-rendered.
     */
    private static String rawMember(byte[] payload, String name) {
        String raw = null;
        try (JsonParser p = JSON.getFactory().createParser(payload)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(p.currentName());
                p.nextToken();
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.finishToken();
                p.skipChildren();
                if (wanted) {
                    raw = new String(payload, from, (int) p.currentLocation().getByteOffset() - from, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("its payload is not JSON");
        }
        return raw;
    }

    /** Whether {@code bytes} is well-formed UTF-8, so that text made of it holds exactly these bytes. */
    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not an event id");
        }
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.contains("json");
    }
}
