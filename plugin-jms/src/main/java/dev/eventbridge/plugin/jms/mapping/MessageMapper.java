package dev.eventbridge.plugin.jms.mapping;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.event.Reply;
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
 * {@link Reply}. The event's attributes become message properties named {@code <prefix><attribute>}
 * ({@code ce_} for the JMS binding, {@code cloudEvents_} for AMQP); the correlation id is the event
 * id. Thread-safe; the session passed in must be used by the calling thread only.
 */
public final class MessageMapper {

    /** Property prefix of the CloudEvents JMS binding. */
    public static final String JMS_PREFIX = "ce_";
    /** Property prefix of the CloudEvents AMQP binding for JMS-style property names. */
    public static final String AMQP_PREFIX = "cloudEvents_";
    /** The media type of a body holding the event's data array. */
    public static final String JSON = "application/json";

    public static final String SPECVERSION = "specversion";
    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String TYPE = "type";
    public static final String SUBJECT = "subject";
    public static final String TIME = "time";
    public static final String DATACONTENTTYPE = "datacontenttype";
    public static final String SEQUENCE = "sequence";
    public static final String TOPIC = "topic";
    public static final String NAMESPACE = "namespace";
    public static final String CID = "cid";
    public static final String REFERENCE = "reference";
    public static final String SUBSCRIPTION = "subscription";

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

    public MessageMapper(String prefix, BodyType bodyType, ContentType contentType) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.bodyType = Objects.requireNonNull(bodyType, "bodyType");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
    }

    /** The CloudEvents JMS binding: {@code ce_} properties, text body. */
    public static MessageMapper jms() {
        return new MessageMapper(JMS_PREFIX, BodyType.TEXT, ContentType.NONE);
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
        Event event = delivery.event();
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
        message.setJMSCorrelationID(event.id().toString());
        message.setStringProperty(property(SPECVERSION), "1.0");
        message.setStringProperty(property(ID), event.id().toString());
        message.setStringProperty(property(SOURCE), "/eventbridge/" + event.namespace());
        message.setStringProperty(property(TYPE), event.type());
        if (!event.topic().isEmpty()) {
            message.setStringProperty(property(SUBJECT), event.topic());
        }
        message.setStringProperty(property(TIME), event.created().toString());
        if (body != null) {
            message.setStringProperty(property(DATACONTENTTYPE), JSON);
            contentType.set(message, JSON);
        }
        message.setLongProperty(property(SEQUENCE), event.sequence());
        message.setStringProperty(property(TOPIC), event.topic());
        message.setStringProperty(property(NAMESPACE), event.namespace());
        if (event.cid() != null) {
            message.setStringProperty(property(CID), event.cid().toString());
        }
        if (event.reference() != null) {
            message.setStringProperty(property(REFERENCE), event.reference());
        }
        message.setStringProperty(property(SUBSCRIPTION), delivery.subscription().name());
        return message;
    }

    /**
     * The reply a message carries, if its correlation id is an event id (a UUID). Type from the
     * {@code type} property, else {@code defaultType}; topic from {@code topic} or {@code subject};
     * reference from {@code reference}; a text body becomes one JSON entry, a bytes body one
     * binary entry.
     */
    public Optional<MappedReply> toReply(Message message, String defaultType) throws JMSException {
        UUID eventId = parseCorrelationId(message.getJMSCorrelationID());
        if (eventId == null) {
            return Optional.empty();
        }
        String type = stringProperty(message, TYPE);
        String topic = stringProperty(message, TOPIC);
        if (topic == null) {
            topic = stringProperty(message, SUBJECT);
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
                mediaType = stringProperty(message, DATACONTENTTYPE);
            }
            if (content.length > 0) {
                data = new DataArray(List.of(new DataArray.Data.Binary(content, mediaType)));
            }
        }
        Reply reply = new Reply(type == null || type.isEmpty() ? defaultType : type, topic,
                stringProperty(message, REFERENCE), data);
        return Optional.of(new MappedReply(eventId, reply));
    }

    private String stringProperty(Message message, String attribute) throws JMSException {
        Object value = message.getObjectProperty(property(attribute));
        return value == null ? null : value.toString();
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
