package dev.eventbridge.core.store;

import dev.eventbridge.api.event.DataArray;
import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended: everything but its sequence and creation time.
 *
 * @param traceparent the publish's W3C {@code traceparent} (checked, version 00 form), or null
 * @param tracestate its {@code tracestate} (checked, verbatim), or null
 */
public record NewEvent(UUID id, String namespace, String type, String topic, String reference, UUID cid,
                       DataArray data, String traceparent, String tracestate) {

    public NewEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        topic = topic == null ? "" : topic;
        data = data == null ? DataArray.empty() : data;
    }

    /** An event without trace context. */
    public NewEvent(UUID id, String namespace, String type, String topic, String reference, UUID cid, DataArray data) {
        this(id, namespace, type, topic, reference, cid, data, null, null);
    }

    /** This event with the trace context {@code traceparent}/{@code tracestate}. */
    public NewEvent withTrace(String traceparent, String tracestate) {
        return new NewEvent(id, namespace, type, topic, reference, cid, data, traceparent, tracestate);
    }
}
