package dev.eventbridge.api.event;

import java.util.Objects;

/**
 * A reply an application sent for a delivered event; the core publishes it as a new event in the
 * subscription's namespace, with cid set to the answered event's id.
 *
 * @param type the reply event's type
 * @param topic the reply event's topic; null means the answered event's topic
 * @param reference an application reference, may be null
 * @param data the reply's payload, never null (may be empty)
 */
public record Reply(String type, String topic, String reference, DataArray data) {

    public Reply {
        Objects.requireNonNull(type, "type");
        data = data == null ? DataArray.empty() : data;
    }
}
