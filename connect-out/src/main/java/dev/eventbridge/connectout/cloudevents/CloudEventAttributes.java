package dev.eventbridge.connectout.cloudevents;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;

/**
 * The CloudEvents attributes of one delivered event, built once; each protocol binding writes them
 * its own way (JMS {@code ce_} properties, AMQP {@code cloudEvents_} application properties, MQTT 5
 * user properties, MQTT 3.1.1 members of a structured JSON event) through {@link #writeTo}.
 *
 * <p>Context attributes: {@code specversion} 1.0, {@code id} (the event id), {@code source}
 * ({@code /eventbridge/<namespace>}), {@code type}, {@code subject} (the topic, when not empty),
 * {@code time} (when the event was stored), {@code datacontenttype} (when data is sent). Extensions:
 * {@code sequence} (a number), {@code topic}, {@code namespace}, {@code cid} and {@code reference}
 * (when present), {@code subscription} (the subscription's name), and the distributed-tracing
 * extension's {@code traceparent} and {@code tracestate} (the publish's W3C Trace Context, when
 * present), so a consumer's trace continues from the publisher's. A dead letter
 * ({@link DeadLettered}) also has {@code deadletterreason}, {@code deadletterattempts} (a number) and
 * {@code deadletterdestination} (where the target sends the events it delivers).
 */
public final class CloudEventAttributes {

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
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final String DEADLETTERREASON = "deadletterreason";
    public static final String DEADLETTERATTEMPTS = "deadletterattempts";
    public static final String DEADLETTERDESTINATION = "deadletterdestination";

    /**
     * What a dead letter carries beyond the event's attributes.
     *
     * @param reason      why the subscription gave up on the event
     * @param attempts    how many times it was delivered
     * @param destination the target's own destination, where the event was meant to go ({@code queue ORDERS})
     */
    public record DeadLettered(String reason, int attempts, String destination) {
    }

    /** The media type of a payload holding the event's data array. */
    public static final String JSON = "application/json";

    /** Receives the attributes in their canonical order. */
    public interface Writer<E extends Exception> {
        /** A text attribute. */
        void text(String name, String value) throws E;

        /** A numeric attribute ({@code sequence}). */
        void number(String name, long value) throws E;
    }

    private final Event event;
    private final String subscription;
    private final boolean withData;
    private final DeadLettered deadLettered;

    private CloudEventAttributes(Event event, String subscription, boolean withData, DeadLettered deadLettered) {
        this.event = event;
        this.subscription = subscription;
        this.withData = withData;
        this.deadLettered = deadLettered;
    }

    /**
     * The attributes of {@code delivery}.
     *
     * @param withData whether the message carries the event's data, so {@code datacontenttype} applies
     */
    public static CloudEventAttributes of(EventDelivery delivery, boolean withData) {
        return of(delivery, withData, null);
    }

    /** As {@link #of(EventDelivery, boolean)}, with the attributes of a dead letter unless {@code deadLettered} is null. */
    public static CloudEventAttributes of(EventDelivery delivery, boolean withData, DeadLettered deadLettered) {
        return new CloudEventAttributes(delivery.event(), delivery.subscription().name(), withData, deadLettered);
    }

    /** The event id as text: the message's correlation or duplicate-detection key. */
    public String id() {
        return event.id().toString();
    }

    /** Writes every attribute present, in canonical order. */
    public <E extends Exception> void writeTo(Writer<E> out) throws E {
        out.text(SPECVERSION, "1.0");
        out.text(ID, id());
        out.text(SOURCE, "/eventbridge/" + event.namespace());
        out.text(TYPE, event.type());
        if (!event.topic().isEmpty()) {
            out.text(SUBJECT, event.topic());
        }
        out.text(TIME, event.created().toString());
        if (withData) {
            out.text(DATACONTENTTYPE, JSON);
        }
        out.number(SEQUENCE, event.sequence());
        out.text(TOPIC, event.topic());
        out.text(NAMESPACE, event.namespace());
        if (event.cid() != null) {
            out.text(CID, event.cid().toString());
        }
        if (event.reference() != null) {
            out.text(REFERENCE, event.reference());
        }
        out.text(SUBSCRIPTION, subscription);
        if (event.traceparent() != null) {
            out.text(TRACEPARENT, event.traceparent());
            if (event.tracestate() != null) {
                out.text(TRACESTATE, event.tracestate());
            }
        }
        if (deadLettered != null) {
            out.text(DEADLETTERREASON, deadLettered.reason());
            out.number(DEADLETTERATTEMPTS, deadLettered.attempts());
            out.text(DEADLETTERDESTINATION, deadLettered.destination());
        }
    }
}
