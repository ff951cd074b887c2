package dev.eventbridge.core.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * New event ids: UUIDs of version 7 (RFC 9562), time-ordered. An id is still opaque and unique; being
 * ordered, each new one lands at the end of the store's index on ids instead of at a random place in
 * it, so a commit rewrites the index's last page rather than a random old one (with random ids, H2
 * kept thousands of old chunks alive and rewrote their metadata on every commit). Thread-safe.
 */
public final class EventIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private EventIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
