package dev.eventbridge.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HotTailTest {

    private static void add(HotTail tail, long from, long to) {
        List<Event> events = new ArrayList<>();
        List<NewEvent> published = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            UUID id = UUID.randomUUID();
            events.add(new Event(id, s, "ns", "t", "", null, null, Instant.now()));
            published.add(new NewEvent(id, "ns", "t", "", null, null, DataArray.ofJson("{\"s\":" + s + "}")));
        }
        tail.add(events, published);
    }

    private static List<Long> seqs(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::sequence).toList();
    }

    @Test
    @DisplayName("a caught-up reader gets the next events with their data from memory; one behind the tail, or past a gap, is sent to the store")
    void tail() {
        HotTail tail = new HotTail(4);
        assertNull(tail.after(0, 10), "empty: read the store");
        add(tail, 1, 3);
        assertEquals(List.of(1L, 2L, 3L), seqs(tail.after(0, 10)));
        assertEquals(List.of(2L), seqs(tail.after(1, 1)));
        assertEquals(List.of(), tail.after(3, 10), "caught up: nothing newer");
        assertEquals(DataArray.ofJson("{\"s\":2}"), tail.after(1, 1).get(0).data());
        add(tail, 4, 6); // capacity 4: holds 3..6
        assertNull(tail.after(1, 10), "2 fell out of the tail: read the store");
        assertEquals(List.of(3L, 4L, 5L, 6L), seqs(tail.after(2, 10)));
        assertNull(tail.after(7, 10), "ahead of the tail: read the store");
        add(tail, 9, 9); // a gap (7, 8 appended elsewhere): a new run
        assertNull(tail.after(6, 10), "7 is not in memory");
        assertEquals(List.of(9L), seqs(tail.after(8, 10)));
    }
}
