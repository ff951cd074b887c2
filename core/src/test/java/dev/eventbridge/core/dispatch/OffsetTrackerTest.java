package dev.eventbridge.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    @DisplayName("an ack for 7 while 5 is in flight does not move the offset past 4")
    void outOfOrderAckStopsAtTheGap() {
        OffsetTracker t = new OffsetTracker(4);
        t.delivered(5);
        t.delivered(6);
        t.delivered(7);
        t.ack(7);
        t.ack(6);
        assertEquals(4, t.committable());
        t.ack(5);
        assertEquals(7, t.committable());
        assertEquals(0, t.inFlight());
    }

    @Test
    @DisplayName("events skipped by the filter are committed once nothing before them is in flight")
    void skippedEventsAdvanceBehindAcks() {
        OffsetTracker t = new OffsetTracker(0);
        t.delivered(1);
        t.skipped(2);
        t.skipped(3);
        assertEquals(0, t.committable());
        t.ack(1);
        assertEquals(3, t.committable());
    }

    @Test
    @DisplayName("a stale ack after a reset changes nothing")
    void staleAckIsIgnored() {
        OffsetTracker t = new OffsetTracker(0);
        t.delivered(1);
        t.delivered(2);
        t.reset(0);
        assertFalse(t.ack(2));
        assertEquals(0, t.committable());
    }
}
