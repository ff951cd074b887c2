package dev.eventbridge.connectout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.connectout.cloudevents.CloudEventAttributes;
import dev.eventbridge.connectout.connection.Backoff;
import dev.eventbridge.connectout.redact.Redaction;
import dev.eventbridge.connectout.send.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class KitPartsTest {

    private static EventDelivery delivery(long sequence, String topic, UUID cid) {
        Event e = new Event(UUID.randomUUID(), sequence, "shop", "t", topic, null, cid, Instant.parse("2026-01-02T03:04:05Z"));
        return new EventDelivery(e, new SubscriptionRef(UUID.randomUUID(), "shop", "s"), 1);
    }

    @Test
    void backoff_doubles_within_20_percent_jitter_up_to_the_maximum_and_starts_over_after_a_reset() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));
        long[] nominal = {100, 200, 350, 350};
        for (int round = 0; round < 50; round++) {
            b.reset();
            for (long n : nominal) {
                long got = b.next().toMillis();
                assertTrue(got >= n * 0.8 - 1 && got <= Math.min(n * 1.2 + 1, 350), "pause " + got + " for nominal " + n);
            }
        }
        assertEquals(Duration.ofMillis(350), b.max());
    }

    @Test
    void expire_takes_out_only_the_sends_whose_clock_started_by_the_given_time_oldest_first() {
        SendWindow w = new SendWindow(10);
        SendWindow.Admitted a = w.admit(delivery(1, "", null), null);
        SendWindow.Admitted b = w.admit(delivery(2, "", null), null);
        long between = System.nanoTime();
        SendWindow.Admitted c = w.admit(delivery(3, "", null), null);
        assertEquals(List.of(), w.expire(System.nanoTime() - 60_000_000_000L), "none is a minute old");
        List<EventDelivery> expired = w.expire(between);
        assertEquals(List.of(a.delivery(), b.delivery()), expired);
        assertNull(w.remove(a.key()), "an expired send is answered already");
        assertTrue(w.isPending(c.key()));
        w.restartClocks(System.nanoTime() + 1_000_000_000L);
        assertEquals(List.of(), w.expire(System.nanoTime()), "its clock started again");
        assertEquals(1, w.size());
    }

    @Test
    void a_full_send_window_queues_deliveries_in_order_and_each_is_removed_once() {
        SendWindow w = new SendWindow(2);
        EventDelivery first = delivery(1, "", null);
        SendWindow.Admitted a = w.admit(first, null);
        SendWindow.Admitted b = w.admit(delivery(2, "", null), null);
        assertNotNull(a);
        assertNotNull(b);
        EventDelivery third = delivery(3, "", null);
        EventDelivery fourth = delivery(4, "", null);
        assertNull(w.admit(third, null), "a full window queues");
        assertNull(w.admit(fourth, null));
        assertEquals(2, w.waiting());
        assertNull(w.next(), "no slot free yet");
        assertEquals(first, w.remove(a.key()));
        assertNull(w.remove(a.key()), "answered once");
        assertNull(w.admit(delivery(5, "", null), null), "a newcomer queues behind those waiting, even with a slot free");
        SendWindow.Admitted c = (SendWindow.Admitted) w.next();
        assertEquals(third, c.delivery(), "the oldest waiting delivery gets the freed slot");
        assertNull(w.next(), "full again");
        assertEquals(List.of(b.delivery(), third, fourth), w.drain().subList(0, 3), "drain returns sent, then waiting, oldest first");
        assertNull(w.remove(b.key()), "drained deliveries are answered by the drain");
        assertEquals(0, w.size());
        assertEquals(0, w.waiting());
    }

    @Test
    void cloudevents_attributes_come_in_canonical_order_and_leave_out_what_is_absent() {
        Map<String, Object> written = new LinkedHashMap<>();
        CloudEventAttributes.Writer<RuntimeException> out = new CloudEventAttributes.Writer<>() {
            @Override
            public void text(String name, String value) {
                written.put(name, value);
            }

            @Override
            public void number(String name, long value) {
                written.put(name, value);
            }
        };
        CloudEventAttributes.of(delivery(7, "", null), false).writeTo(out);
        assertEquals(List.of("specversion", "id", "source", "type", "time", "sequence", "topic", "namespace", "subscription"),
                List.copyOf(written.keySet()));
        assertEquals(7L, written.get("sequence"));
        written.clear();
        UUID cid = UUID.randomUUID();
        CloudEventAttributes.of(delivery(8, "orders", cid), true).writeTo(out);
        assertEquals("orders", written.get("subject"));
        assertEquals("application/json", written.get("datacontenttype"));
        assertEquals(cid.toString(), written.get("cid"));
        written.clear();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Event traced = new Event(UUID.randomUUID(), 9, "shop", "t", "", null, null, Instant.parse("2026-01-02T03:04:05Z"), traceparent, "k=v");
        CloudEventAttributes.of(new EventDelivery(traced, new SubscriptionRef(UUID.randomUUID(), "shop", "s"), 1), false).writeTo(out);
        assertEquals(List.of("specversion", "id", "source", "type", "time", "sequence", "topic", "namespace", "subscription",
                "traceparent", "tracestate"), List.copyOf(written.keySet()), "the distributed-tracing extension, when the event has it");
        assertEquals(traceparent, written.get("traceparent"));
        assertEquals("k=v", written.get("tracestate"));
    }

    @Test
    void descriptions_unwrap_asynchronous_wrappers_and_mask_secrets() {
        String d = Redaction.describe(new CompletionException(new IllegalStateException("login hunter2 refused")), "hunter2");
        assertEquals("IllegalStateException: login **** refused", d);
        assertFalse(Redaction.redact("tcp://bob:pw@host:1883").contains("pw"));
    }

    @Test
    void a_cause_that_repeats_its_wrapper_is_left_out_of_the_description() {
        Exception refused = new java.io.IOException("Connection refused: localhost/127.0.0.1:61616",
                new java.net.ConnectException("Connection refused"));
        Exception wrapped = new IllegalStateException("Failed to connect: Connection refused: localhost/127.0.0.1:61616",
                new RuntimeException("Connection refused: localhost/127.0.0.1:61616", refused));
        assertEquals("IllegalStateException: Failed to connect: Connection refused: localhost/127.0.0.1:61616",
                Redaction.describe(wrapped));
        assertEquals("IllegalStateException: outer; caused by RuntimeException: inner",
                Redaction.describe(new IllegalStateException("outer", new RuntimeException("inner"))));
    }
}
