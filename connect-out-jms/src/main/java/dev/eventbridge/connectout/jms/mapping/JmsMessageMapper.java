package dev.eventbridge.connectout.jms.mapping;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.event.Reply;
import dev.eventbridge.connectout.cloudevents.CloudEventAttributes;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an event into one message in CloudEvents binary mode, and a reply message back into a
 * {@link Reply}. The {@link CloudEventAttributes} become message properties named
 * {@code <prefix><attribute>} ({@code ce_} for the JMS binding, {@code cloudEvents_} for AMQP); the
 * correlation id is the event id; a group key, when given, is {@value #GROUP_ID} (which Artemis and
 * Qpid JMS carry as the AMQP group-id). Thread-safe; the session passed in must be used by the calling
 * thread only.
 */
public final class JmsMessageMapper {

    /** Property prefix of the CloudEvents JMS binding. */
    public static final String JMS_PREFIX = "ce_";
    /** Property prefix of the CloudEvents AMQP binding for JMS-style property names. */
    public static final String AMQP_PREFIX = "cloudEvents_";

    /**
     * The property ActiveMQ Artemis drops a message by when it has one with the same value already
     * (its duplicate-detection id; over AMQP an application property of this name).
     */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    /** The JMS-defined property naming a message's group. */
    public static final String GROUP_ID = "JMSXGroupID";

    /** How the body is carried. */
    public enum BodyType {
        /** A {@link TextMessage} holding the JSON text. */
        TEXT,
        /** A {@link BytesMessage} holding the UTF-8 JSON, so that the protocol's content type applies. */
        BYTES
    }

    /** Reads and writes a protocol-level content type that Jakarta Messaging has no header for. */
    public interface ContentType {
        /** No protocol content type: the {@code datacontenttype} property alone carries it. */
        ContentType NONE = new ContentType() {
            @Override
            public void set(Message message, String contentType) {
            }

            @Override
            public String get(Message message) {
                return null;
            }
        };

        void set(Message message, String contentType) throws JMSException;

        /** The message's content type, or null. */
        String get(Message message) throws JMSException;
    }

    /** A reply message, mapped. */
    public record MappedReply(UUID eventId, Reply reply) {
    }

    private final String prefix;
    private final BodyType bodyType;
    private final ContentType contentType;

    public JmsMessageMapper(String prefix, BodyType bodyType, ContentType contentType) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.bodyType = Objects.requireNonNull(bodyType, "bodyType");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
    }

    /** The CloudEvents JMS binding: {@code ce_} properties, text body. */
    public static JmsMessageMapper jms() {
        return new JmsMessageMapper(JMS_PREFIX, BodyType.TEXT, ContentType.NONE);
    }

    /** The name of the property carrying {@code attribute}. */
    public String property(String attribute) {
        return prefix + attribute;
    }

    /**
     * The message for one delivery: body {@code data.toJson()} when data is given (the subscription
     * has withData), else empty.
     */
    public Message toMessage(Session session, EventDelivery delivery, DataArray data) throws JMSException {
        return toMessage(session, delivery, data, null);
    }

    /** As {@link #toMessage(Session, EventDelivery, DataArray)}, in group {@code group} unless it is null. */
    public Message toMessage(Session session, EventDelivery delivery, DataArray data, String group) throws JMSException {
        return toMessage(session, delivery, data, group, null);
    }

    /**
     * As {@link #toMessage(Session, EventDelivery, DataArray, String)}, with {@code duplicateId} as
     * {@value #DUPLICATE_ID} unless it is null.
     */
    public Message toMessage(Session session, EventDelivery delivery, DataArray data, String group,
                             String duplicateId) throws JMSException {
        return toMessage(session, delivery, data, group, duplicateId, null);
    }

    /**
     * As {@link #toMessage(Session, EventDelivery, DataArray, String, String)}, as a dead letter with
     * its attributes ({@code <prefix>deadletterreason}...) unless {@code deadLettered} is null.
     */
    public Message toMessage(Session session, EventDelivery delivery, DataArray data, String group,
                             String duplicateId, CloudEventAttributes.DeadLettered deadLettered) throws JMSException {
        String body = data == null ? null : data.toJson();
        Message message;
        if (bodyType == BodyType.TEXT) {
            message = session.createTextMessage(body);
        } else {
            BytesMessage bytes = session.createBytesMessage();
            if (body != null) {
                bytes.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            }
            message = bytes;
        }
        CloudEventAttributes attributes = CloudEventAttributes.of(delivery, body != null, deadLettered);
        message.setJMSCorrelationID(attributes.id());
        attributes.writeTo(new CloudEventAttributes.Writer<JMSException>() {
            @Override
            public void text(String name, String value) throws JMSException {
                message.setStringProperty(property(name), value);
            }

            @Override
            public void number(String name, long value) throws JMSException {
                message.setLongProperty(property(name), value);
            }
        });
        if (body != null) {
            contentType.set(message, CloudEventAttributes.JSON);
        }
        if (group != null) {
            message.setStringProperty(GROUP_ID, group);
        }
        if (duplicateId != null) {
            message.setStringProperty(DUPLICATE_ID, duplicateId);
        }
        return message;
    }

    /**
     * The reply a message carries, if its correlation id is an event id (a UUID). Each attribute is
     * read from the plain application property a JMS or AMQP application naturally sets
     * ({@code type}, {@code topic}, {@code reference}) and, when that is absent or empty, from the
     * CloudEvents property of this binding ({@code <prefix>type}...): the plain property wins when
     * both are set. Type falls back to {@code defaultType}; topic also to {@code <prefix>subject}.
     * A text body becomes one JSON entry, a bytes body one binary entry.
     */
    public Optional<MappedReply> toReply(Message message, String defaultType) throws JMSException {
        UUID eventId = parseCorrelationId(message.getJMSCorrelationID());
        if (eventId == null) {
            return Optional.empty();
        }
        String type = attribute(message, CloudEventAttributes.TYPE);
        String topic = attribute(message, CloudEventAttributes.TOPIC);
        if (topic == null) {
            topic = stringProperty(message, property(CloudEventAttributes.SUBJECT));
        }
        DataArray data = DataArray.empty();
        if (message instanceof TextMessage text) {
            String json = text.getText();
            if (json != null && !json.isBlank()) {
                data = new DataArray(List.of(new DataArray.Data.Json(json)));
            }
        } else if (message instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            String mediaType = contentType.get(message);
            if (mediaType == null) {
                mediaType = stringProperty(message, property(CloudEventAttributes.DATACONTENTTYPE));
            }
            if (content.length > 0) {
                data = new DataArray(List.of(new DataArray.Data.Binary(content, mediaType)));
            }
        }
        Reply reply = new Reply(type == null ? defaultType : type, topic,
                attribute(message, CloudEventAttributes.REFERENCE), data);
        return Optional.of(new MappedReply(eventId, reply));
    }

    /** The plain property {@code attribute}, else the binding's CloudEvents property; null when neither has a value. */
    private String attribute(Message message, String attribute) throws JMSException {
        String plain = stringProperty(message, attribute);
        return plain != null ? plain : stringProperty(message, property(attribute));
    }

    private static String stringProperty(Message message, String name) throws JMSException {
        Object value = message.getObjectProperty(name);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    /**
     * The UUID in a correlation id, or null. Accepts a bare UUID and the prefixed forms providers use
     * for typed ids ({@code ID:...}, Qpid JMS's {@code ID:AMQP_UUID:...} and {@code ID:AMQP_STRING:...}).
     */
    public static UUID parseCorrelationId(String correlationId) {
        if (correlationId == null) {
            return null;
        }
        String id = correlationId.trim();
        for (String p : new String[] {"ID:", "AMQP_UUID:", "AMQP_STRING:"}) {
            if (id.startsWith(p)) {
                id = id.substring(p.length());
            }
        }
        if (id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
