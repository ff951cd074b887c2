package dev.eventbridge.connectout.jms.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import dev.eventbridge.tck.KitConfig;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit plus what every Jakarta Messaging based plugin does on its wire: the
 * CloudEvents properties with the binding's prefix, the data as body, message options, and
 * destination errors naming their key. A plugin's test extends it with its protocol's fixture.
 */
public abstract class JmsPluginContract extends ConnectOutPluginCompatibilityKit {

    /** The CloudEvents property prefix of the plugin's binding. */
    protected abstract String prefix();

    /** A URL the plugin must refuse at init. */
    protected abstract String badUrl();

    /** The fixture, typed. */
    protected ArtemisJmsFixture jms() {
        return (ArtemisJmsFixture) broker;
    }

    /** A message body as text, whichever message type carries it. */
    protected static String body(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return t.getText() == null ? "" : t.getText();
        }
        if (m instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new AssertionError("unexpected message type " + m.getClass());
    }

    /** Starts connected, delivers {@code data} with each of {@code count} events, and returns the messages received. */
    protected List<Message> deliverAndReceive(int count, DataArray data, Map<String, String> extra, List<Event> sent)
            throws Exception {
        start(DESTINATION, null, extra);
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        ArtemisJmsFixture.JmsReceiver receiver = (ArtemisJmsFixture.JmsReceiver) receiver(DESTINATION);
        for (int i = 0; i < count; i++) {
            EventDelivery d = nextDelivery();
            sent.add(d.event());
            deliver(d, data);
        }
        await("the messages").atMost(Duration.ofSeconds(20)).until(() -> receiver.messages().size() == count);
        return receiver.messages();
    }

    @Test
    void each_message_carries_the_cloudevents_properties_the_correlation_id_and_the_data_as_body() throws Exception {
        List<Event> sent = new ArrayList<>();
        DataArray data = DataArray.ofJson("{\"n\" : 1e999999}", "\"x \\u00e9 \u00e9 \uD83D\uDE00\"", "3.141592653589793238462643383279");
        List<Message> messages = deliverAndReceive(3, data, Map.of(), sent);
        for (int i = 0; i < 3; i++) {
            Event e = sent.get(i);
            Message m = messages.get(i);
            assertEquals(e.id().toString(), m.getJMSCorrelationID().replace("ID:", "").replace("AMQP_STRING:", ""));
            assertEquals("1.0", m.getStringProperty(prefix() + "specversion"));
            assertEquals(e.id().toString(), m.getStringProperty(prefix() + "id"));
            assertEquals("/eventbridge/shop", m.getStringProperty(prefix() + "source"));
            assertEquals("order.created", m.getStringProperty(prefix() + "type"));
            assertEquals(e.topic(), m.getStringProperty(prefix() + "subject"));
            assertEquals(e.created().toString(), m.getStringProperty(prefix() + "time"));
            assertEquals("application/json", m.getStringProperty(prefix() + "datacontenttype"));
            assertEquals(e.sequence(), m.getLongProperty(prefix() + "sequence"));
            assertEquals(e.topic(), m.getStringProperty(prefix() + "topic"));
            assertEquals("shop", m.getStringProperty(prefix() + "namespace"));
            assertEquals(e.reference(), m.getStringProperty(prefix() + "reference"));
            assertEquals("orders-out", m.getStringProperty(prefix() + "subscription"));
            assertEquals("[{\"n\" : 1e999999},\"x \\u00e9 \u00e9 \uD83D\uDE00\",3.141592653589793238462643383279]", body(m), "the data verbatim");
            assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
            assertEquals(4, m.getJMSPriority());
        }
    }

    @Test
    void an_event_without_data_has_an_empty_body_no_content_type_and_the_configured_message_options() throws Exception {
        List<Message> messages = deliverAndReceive(1, null, Map.of("persistent", "false", "priority", "7"), new ArrayList<>());
        Message m = messages.get(0);
        assertEquals("", body(m));
        assertNull(m.getStringProperty(prefix() + "datacontenttype"));
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(7, m.getJMSPriority());
    }

    @Test
    void a_bad_url_fails_init_naming_the_url_key_and_the_file() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(DESTINATION, null, Map.of("url", badUrl())));
        assertEquals(plugin.name() + ".targets." + TARGET + ".url", e.key());
        assertTrue(e.getMessage().contains(KitConfig.SOURCE), e.getMessage());
        assertTrue(callbacks.registered.isEmpty());
    }

    @Test
    void a_target_with_both_a_queue_and_a_topic_fails_init_naming_the_queue_key() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(DESTINATION, null, Map.of("topic", "t")));
        assertEquals(plugin.name() + ".targets." + TARGET + ".queue", e.key());
    }

    @Test
    void a_priority_outside_0_to_9_fails_naming_it() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(DESTINATION, null, Map.of("priority", "12")));
        assertEquals(plugin.name() + ".targets." + TARGET + ".priority", e.key());
    }

    @Test
    void two_groups_consumed_by_two_consumers_in_parallel_each_go_to_one_consumer_in_order() throws Exception {
        start(DESTINATION, null, Map.of("group.by", "reference"));
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        List<List<Message>> consumed = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        List<Connection> consumers = new ArrayList<>();
        try {
            for (List<Message> into : consumed) { // both consume before the first message arrives
                Connection c = jms().clientFactory().createConnection();
                consumers.add(c);
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createConsumer(s.createQueue(DESTINATION)).setMessageListener(into::add);
                c.start();
            }
            for (int i = 0; i < 100; i++) { // A, B, A, B...
                EventDelivery d = nextDelivery();
                Event e = d.event();
                deliver(new EventDelivery(new Event(e.id(), e.sequence(), e.namespace(), e.type(), e.topic(),
                        i % 2 == 0 ? "A" : "B", null, e.created()), d.subscription(), 1), null);
            }
            await("all 100 consumed").atMost(Duration.ofSeconds(20))
                    .until(() -> consumed.get(0).size() + consumed.get(1).size() == 100);
            for (String group : List.of("A", "B")) {
                List<Integer> holders = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    List<Long> sequences = new ArrayList<>();
                    for (Message m : consumed.get(c)) {
                        if (group.equals(m.getStringProperty("JMSXGroupID"))) {
                            assertEquals(group, m.getStringProperty(prefix() + "reference"));
                            sequences.add(m.getLongProperty(prefix() + "sequence"));
                        }
                    }
                    if (!sequences.isEmpty()) {
                        holders.add(c);
                        assertEquals(50, sequences.size(), "all of group " + group + " on consumer " + c);
                        assertEquals(sequences.stream().sorted().toList(), sequences, "group " + group + " in order");
                    }
                }
                assertEquals(1, holders.size(), "group " + group + " on one consumer: " + holders);
            }
        } finally {
            for (Connection c : consumers) {
                c.close();
            }
        }
    }

    @Test
    void an_invalid_group_by_fails_init_naming_it() {
        for (String bad : List.of("data:", "colour")) {
            ConfigException e = assertThrows(ConfigException.class, () -> start(DESTINATION, null, Map.of("group.by", bad)));
            assertEquals(plugin.name() + ".targets." + TARGET + ".group.by", e.key());
            assertTrue(e.getMessage().contains("none, reference, topic or data:<member>"), e.getMessage());
        }
    }

    /** Delivers the same delivery twice, as the core does after a lost ack, then a marker; returns what the queue held. */
    private List<Message> deliverTwiceThenMarker(Map<String, String> extra) throws Exception {
        start(DESTINATION, null, extra);
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        ArtemisJmsFixture.JmsReceiver receiver = (ArtemisJmsFixture.JmsReceiver) receiver(DESTINATION);
        EventDelivery twice = nextDelivery();
        deliver(twice, null);
        await("the first ack").atMost(Duration.ofSeconds(20)).until(() -> callbacks.responses.size() == 1);
        deliver(twice, null);
        await("the second ack").atMost(Duration.ofSeconds(20)).until(() -> callbacks.responses.size() == 2);
        for (var response : callbacks.responses) {
            assertTrue(!response.rejected() && response.eventId().equals(twice.event().id()), response::toString);
        }
        EventDelivery marker = nextDelivery(); // the queue is FIFO: once the marker is in, so is anything before it
        deliver(marker, null);
        await("the marker").atMost(Duration.ofSeconds(20))
                .until(() -> receiver.eventIds().contains(marker.event().id()));
        assertEquals(marker.event().id(), receiver.eventIds().get(receiver.eventIds().size() - 1));
        return receiver.messages().subList(0, receiver.messages().size() - 1);
    }

    @Test
    void a_delivery_sent_twice_is_acked_twice_and_dropped_by_artemis_once_by_default() throws Exception {
        List<Message> messages = deliverTwiceThenMarker(Map.of());
        assertEquals(1, messages.size(), "the broker dropped the redelivery");
        assertEquals(SUBSCRIPTION.id() + ":" + messages.get(0).getStringProperty(prefix() + "id"),
                messages.get(0).getStringProperty("_AMQ_DUPL_ID"));
    }

    @Test
    void with_duplicate_detection_off_a_delivery_sent_twice_is_on_the_queue_twice() throws Exception {
        List<Message> messages = deliverTwiceThenMarker(Map.of("duplicate.detection", "off"));
        assertEquals(2, messages.size(), "no duplicate-detection id, both copies kept");
        assertNull(messages.get(0).getStringProperty("_AMQ_DUPL_ID"));
    }

    @Test
    void a_batch_the_broker_refuses_part_of_is_rejected_whole_none_of_it_stored_then_goes_through_once_there_is_room()
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(broker instanceof ArtemisJmsFixture, "needs Artemis' address settings");
        String queue = "batch.orders";
        start(queue, null, Map.of());
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        int room = 3;
        jms().fill(queue, ArtemisJmsFixture.BATCH_MAX_MESSAGES - room); // a batch of 5: 3 in, then the address is full
        List<EventDelivery> batch = List.of(nextDelivery(), nextDelivery(), nextDelivery(), nextDelivery(), nextDelivery());
        List<java.util.UUID> ids = batch.stream().map(d -> d.event().id()).toList();
        List<DataArray> noData = java.util.Arrays.asList(new DataArray[5]);
        deliverBatch(batch, noData);
        await("5 answers").atMost(Duration.ofSeconds(20)).until(() -> callbacks.responses.size() == 5);
        assertEquals(ids, callbacks.rejects().stream().map(r -> r.eventId()).toList(), "each rejected once");
        callbacks.rejects().forEach(r -> assertTrue(r.info().contains("did not commit the batch of 5") && !r.permanent(),
                r::toString));
        assertTrue(plugin.health().get(connId()).up(), "the connection stays up");
        assertEquals(ArtemisJmsFixture.BATCH_MAX_MESSAGES - room, jms().broker().messageCount(queue),
                "nothing of the refused batch was stored");

        ArtemisJmsFixture.JmsReceiver receiver = (ArtemisJmsFixture.JmsReceiver) receiver(queue); // reading makes room
        await("the fillers read").atMost(Duration.ofSeconds(20))
                .until(() -> receiver.eventIds().size() == ArtemisJmsFixture.BATCH_MAX_MESSAGES - room);
        await("the queue empty").atMost(Duration.ofSeconds(20)).until(() -> jms().broker().messageCount(queue) == 0);
        deliverBatch(batch, noData); // the core's redelivery
        await("5 acks").atMost(Duration.ofSeconds(20)).until(() -> callbacks.acks().size() == 5);
        assertEquals(ids, callbacks.acks().stream().map(r -> r.eventId()).toList(), "acked in order");
        await("the batch at the consumer").atMost(Duration.ofSeconds(20))
                .until(() -> receiver.eventIds().size() == ArtemisJmsFixture.BATCH_MAX_MESSAGES - room + 5);
        assertEquals(ids, receiver.eventIds().subList(ArtemisJmsFixture.BATCH_MAX_MESSAGES - room, receiver.eventIds().size()),
                "the whole batch, in order, once");
        assertEquals(5, callbacks.rejects().size(), "no further reject");
    }

    @Test
    void an_invalid_duplicate_detection_fails_init_naming_it() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(DESTINATION, null, Map.of("duplicate.detection", "sometimes")));
        assertEquals(plugin.name() + ".targets." + TARGET + ".duplicate.detection", e.key());
        assertTrue(e.getMessage().contains("auto, on or off"), e.getMessage());
    }
}
