package dev.eventbridge.bench.store;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.json.StoredData;
import dev.eventbridge.core.store.NewEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events every candidate stores: the bridge's {@link NewEvent} of a 1 KiB data array
 * ({@code [{"p":"xxx…"}]}, as the ingest row publishes), with the bytes the bridge would store for
 * its data ({@link StoredData#encode}, computed once: only the bridge's own path encodes per event).
 */
final class Events {

    /** One event: what the bridge appends, and the stored form of its data. */
    record Event(NewEvent event, String id, long createdMicros, byte[] data) {
    }

    static final int PAYLOAD = 1024;
    static final DataArray DATA;
    static final byte[] STORED_DATA;

    static {
        String inner = "{\"p\":\"" + "x".repeat(PAYLOAD - 10) + "\"}"; // [..] around it: 1,024 bytes of JSON
        DATA = DataArray.ofJson(inner);
        STORED_DATA = StoredData.encode(DATA);
    }

    private final long idHigh = UUID.randomUUID().getMostSignificantBits();
    private long counter;

    /** A group of {@code size} new events with fresh ids. */
    List<Event> group(int size) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        List<Event> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            UUID id = new UUID(idHigh, ++counter);
            out.add(new Event(new NewEvent(id, "default", "bench.stored", "bench", null, null, DATA), id.toString(), now, STORED_DATA));
        }
        return out;
    }
}
