package dev.eventbridge.core.store;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;

/**
 * An event read from the log with its data.
 *
 * @param data the event's data, or null when it was read without data
 */
public record StoredEvent(Event event, DataArray data) {

    public long sequence() {
        return event.sequence();
    }
}
