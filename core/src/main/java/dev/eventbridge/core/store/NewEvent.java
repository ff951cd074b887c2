package dev.eventbridge.core.store;

import dev.eventbridge.api.event.DataArray;
import java.util.Objects;
import java.util.UUID;

/** An event about to be appended: everything but its sequence and creation time. */
public record NewEvent(UUID id, String namespace, String type, String topic, String reference, UUID cid,
                       DataArray data) {

    public NewEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        topic = topic == null ? "" : topic;
        data = data == null ? DataArray.empty() : data;
    }
}
