package dev.eventbridge.api.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable record of the event log. Its data, if any, travels separately as a {@link DataArray}
 * so that subscriptions without {@code withData} never load it.
 *
 * @param id unique id, assigned by the core on publish
 * @param sequence position in the log: strictly increasing and gap-free
 * @param namespace the namespace the event belongs to
 * @param type the event type, for example {@code order.created}
 * @param topic the topic (a stream of related events), may be empty
 * @param reference an application reference, may be null
 * @param cid the correlation id: the id of the event this one answers, or null
 * @param created when the core stored the event
 * @param traceparent the W3C Trace Context {@code traceparent} of the publish (version {@code 00}, 55
 *     characters: {@code 00-<trace-id>-<parent-id>-<flags>}, lower-case hex), or null when the
 *     publisher sent none; a plugin writes it as the CloudEvents {@code traceparent} attribute
 *     (distributed-tracing extension) so a consumer's trace continues from the publisher's
 * @param tracestate the W3C Trace Context {@code tracestate} sent with {@code traceparent}, verbatim,
 *     or null; never set without {@code traceparent}
 */
public record Event(UUID id, long sequence, String namespace, String type, String topic, String reference,
                    UUID cid, Instant created, String traceparent, String tracestate) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        topic = topic == null ? "" : topic;
        Objects.requireNonNull(created, "created");
    }

    /** An event without trace context. */
    public Event(UUID id, long sequence, String namespace, String type, String topic, String reference,
                 UUID cid, Instant created) {
        this(id, sequence, namespace, type, topic, reference, cid, created, null, null);
    }
}
