package dev.eventbridge.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    @DisplayName("event ids are version 7 UUIDs, unique, and each sorts after the one before (as text, as the store's index sorts them)")
    void orderedAndUnique() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EventIds.next());
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "unique");
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(7, ids.get(i).version());
            assertTrue(ids.get(i).toString().compareTo(ids.get(i - 1).toString()) > 0, ids.get(i - 1) + " then " + ids.get(i));
        }
    }
}
