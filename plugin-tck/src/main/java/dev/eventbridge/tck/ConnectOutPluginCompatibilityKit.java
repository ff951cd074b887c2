package dev.eventbridge.tck;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.api.subscription.SubscriptionRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery contract every connect-out plugin keeps (see the {@link Plugin} javadoc and the
 * project's SPEC), checked against a real broker. A plugin's test extends it with its plugin, the
 * target options that point at the broker, and a {@link BrokerFixture}; the kit configures one
 * target {@value #TARGET} with fast reconnects and drives the plugin as the core does.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public abstract class ConnectOutPluginCompatibilityKit {

    /** The target every test configures; its connection id is {@code <plugin>.orders}. */
    protected static final String TARGET = "orders";
    /** The destination every test sends to, unless it says otherwise. */
    protected static final String DESTINATION = "kit.orders";
    /** A password that must never show in health. */
    protected static final String PASSWORD = "kit-s3cret-pw";
    /** The subscription every delivery is for. */
    protected static final SubscriptionRef SUBSCRIPTION = new SubscriptionRef(UUID.randomUUID(), "shop", "orders-out");

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    protected Path dir;
    protected BrokerFixture broker;
    protected Plugin plugin;
    protected final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final List<BrokerFixture.Receiver> receivers = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    /** A new, not yet initialised instance of the plugin under test. */
    protected abstract Plugin newPlugin();

    /** A broker for one test, keeping its data under {@code dir}; the kit starts it. */
    protected abstract BrokerFixture newBroker(Path dir) throws Exception;

    /**
     * The options of a target (keys relative to the target, such as {@code url}) that send to
     * {@code destination} on {@code broker} and, when {@code replyDestination} is not null, read
     * replies from it.
     */
    protected abstract Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination);

    @BeforeEach
    void startBrokerAndPlugin() throws Exception {
        broker = newBroker(dir);
        broker.start();
        plugin = newPlugin();
    }

    @AfterEach
    void stopEverything() throws Exception {
        receivers.forEach(BrokerFixture.Receiver::close);
        plugin.close();
        broker.stop();
    }

    /**
     * How the target's {@code dead.letter.destination} and the subscription option
     * {@code deadLetterDestination} name {@code destination} on {@code broker}, as
     * {@link #targetOptions} names the target's own destination; {@code destination} by default.
     */
    protected String deadLetterDestination(BrokerFixture broker, String destination) {
        return destination;
    }

    /** The connection id of the kit's target. */
    protected String connId() {
        return plugin.name() + "." + TARGET;
    }

    /** initConfig then init, as the core does, with the target's options plus {@code extra} (relative keys). */
    protected void start(String destination, String replyDestination, Map<String, String> extra) throws Exception {
        Map<String, String> options = new HashMap<>(targetOptions(broker, destination, replyDestination));
        options.put("reconnect.initial.delay", "50ms");
        options.put("reconnect.max.delay", "250ms");
        // a connection attempt the broker leaves hanging is given up and tried again well within WAIT
        // (a RabbitMQ service once left one hanging for 20 s in a full run; the default is 30 s)
        options.put("open.timeout", "5s");
        options.putAll(extra);
        Map<String, String> properties = new HashMap<>();
        options.forEach((k, v) -> properties.put(plugin.name() + ".targets." + TARGET + "." + k, v));
        KitConfig section = KitConfig.section(plugin.name(), properties);
        plugin.initConfig(section);
        plugin.init(section, callbacks);
    }

    /** {@link #start} and wait for the target to register its connection. */
    protected void startConnected(String destination, String replyDestination) throws Exception {
        start(destination, replyDestination, Map.of());
        await("the target registers its connection").atMost(WAIT).until(() -> callbacks.registered.contains(connId()));
    }

    /** A consumer of {@code destination}, closed after the test. */
    protected BrokerFixture.Receiver receiver(String destination) throws Exception {
        BrokerFixture.Receiver r = broker.receiver(destination);
        receivers.add(r);
        return r;
    }

    /** The next event of the kit's subscription, as the core would deliver it. */
    protected EventDelivery nextDelivery() {
        long seq = sequence.incrementAndGet();
        Event event = new Event(UUID.randomUUID(), seq, "shop", "order.created", "orders/" + seq, "ref-" + seq,
                null, Instant.parse("2024-05-01T10:15:30Z").plusSeconds(seq));
        return new EventDelivery(event, SUBSCRIPTION, 1);
    }

    /** Delivers on the kit's connection, as a dispatcher does. */
    protected void deliver(EventDelivery delivery, DataArray data) {
        Subscription subscription = new Subscription(SUBSCRIPTION, plugin.name(), null, SubscriptionOptions.defaults(),
                false, Instant.now());
        plugin.deliveryRequest(connId(), subscription, delivery, data);
    }

    /**
     * Delivers {@code deliveries} as one batch of the kit's subscription in batch mode, as a dispatcher
     * does ({@link Plugin#deliveryBatchRequest}).
     */
    protected void deliverBatch(List<EventDelivery> deliveries, List<DataArray> data) {
        SubscriptionOptions options = SubscriptionOptions.defaults().withReadAhead(deliveries.size() - 1)
                .withBatch(true, deliveries.size(), null);
        Subscription subscription = new Subscription(SUBSCRIPTION, plugin.name(), null, options, false, Instant.now());
        plugin.deliveryBatchRequest(connId(), subscription, deliveries, data);
    }

    private List<UUID> send(int count, int dataBytes) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventDelivery d = nextDelivery();
            ids.add(d.event().id());
            deliver(d, DataArray.ofJson("{\"n\":" + d.event().sequence() + ",\"pad\":\"" + "x".repeat(dataBytes) + "\"}"));
        }
        return ids;
    }

    /** {@code broker.accepted(destination)}, or the test skipped in one line when the broker cannot count. */
    private long accepted(String destination) {
        try {
            return broker.accepted(destination);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort(broker.getClass().getSimpleName() + " cannot count accepted messages: " + e.getMessage());
            throw e;
        }
    }

    /** {@code actual} is {@code sent}, in order where the broker keeps order, else each exactly once. */
    private void assertInOrder(List<UUID> sent, List<UUID> actual, String what) {
        if (broker.keepsOrder()) {
            assertEquals(sent, actual, what + " in delivery order, each once");
        } else {
            assertEquals(sent.size(), actual.size(), what + " each once (this broker does not keep order)");
            assertEquals(new HashSet<>(sent), new HashSet<>(actual), what + " each once (this broker does not keep order)");
        }
    }

    private static List<UUID> ids(List<DeliveryResponse> responses) {
        return responses.stream().map(DeliveryResponse::eventId).toList();
    }

    @Test
    void events_of_a_subscription_reach_the_broker_in_delivery_order_and_each_is_acked_once() throws Exception {
        startConnected(DESTINATION, null);
        BrokerFixture.Receiver consumer = receiver(DESTINATION);
        List<UUID> sent = send(50, 16);
        await("50 acks").atMost(WAIT).until(() -> callbacks.acks().size() == 50);
        assertInOrder(sent, ids(callbacks.acks()), "acked");
        await("50 messages at the consumer").atMost(WAIT).until(() -> consumer.eventIds().size() >= 50);
        assertInOrder(sent, consumer.eventIds(), "received");
        assertTrue(callbacks.rejects().isEmpty(), callbacks.rejects()::toString);
    }

    @Test
    void batches_reach_the_broker_in_order_each_delivery_acked_once_also_where_the_broker_has_no_transactions()
            throws Exception {
        startConnected(DESTINATION, null);
        BrokerFixture.Receiver consumer = receiver(DESTINATION);
        List<UUID> sent = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            List<EventDelivery> batch = new ArrayList<>();
            List<DataArray> data = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                EventDelivery d = nextDelivery();
                batch.add(d);
                data.add(DataArray.ofJson("{\"n\":" + d.event().sequence() + "}"));
                sent.add(d.event().id());
            }
            deliverBatch(batch, data);
        }
        await("60 acks").atMost(WAIT).until(() -> callbacks.acks().size() == 60);
        assertInOrder(sent, ids(callbacks.acks()), "acked");
        await("60 messages at the consumer").atMost(WAIT).until(() -> consumer.eventIds().size() >= 60);
        assertInOrder(sent, consumer.eventIds(), "received");
        assertTrue(callbacks.rejects().isEmpty(), callbacks.rejects()::toString);
        assertTrue(plugin.health().get(connId()).up(), "the connection stays up: " + plugin.health());
    }

    @Test
    void an_ack_comes_only_after_the_broker_accepted_the_message() throws Exception {
        accepted(DESTINATION);
        startConnected(DESTINATION, null);
        receiver(DESTINATION);
        List<Long> acceptedAtAck = new ArrayList<>();
        callbacks.onResponse(r -> {
            synchronized (acceptedAtAck) {
                acceptedAtAck.add(broker.accepted(DESTINATION));
            }
        });
        send(30, 16);
        await("30 acks").atMost(WAIT).until(() -> callbacks.acks().size() == 30);
        synchronized (acceptedAtAck) {
            for (int i = 0; i < acceptedAtAck.size(); i++) {
                assertTrue(acceptedAtAck.get(i) >= i + 1, "ack " + (i + 1) + " came when the broker had accepted only "
                        + acceptedAtAck.get(i) + " messages");
            }
        }
    }

    @Test
    void a_dead_letter_goes_to_the_dead_letter_destination_on_the_same_broker_and_is_acked_once_the_broker_accepted_it()
            throws Exception {
        String targetDeadLetters = DESTINATION + ".dlq";
        String ownDeadLetters = DESTINATION + ".dlq2";
        BrokerFixture.Receiver targetDlq = receiver(targetDeadLetters); // declared before the target connects, as an operator would
        BrokerFixture.Receiver ownDlq = receiver(ownDeadLetters);
        BrokerFixture.Receiver consumer = receiver(DESTINATION);
        start(DESTINATION, null, Map.of("dead.letter.destination", deadLetterDestination(broker, targetDeadLetters)));
        await("the target registers its connection").atMost(WAIT).until(() -> callbacks.registered.contains(connId()));
        Subscription plain = new Subscription(SUBSCRIPTION, plugin.name(), null, SubscriptionOptions.defaults(), false, Instant.now());
        SubscriptionOptions own = plugin.validateOptions(SubscriptionOptions.defaults()
                .withPlugin(Map.of("deadLetterDestination", deadLetterDestination(broker, ownDeadLetters))));
        Subscription withOwn = new Subscription(SUBSCRIPTION, plugin.name(), null, own, false, Instant.now());

        EventDelivery first = nextDelivery();
        assertTrue(plugin.deadLetterRequest(connId(), plain, first, DataArray.ofJson("{\"n\":1}"), "refused 3 times"),
                "the target's dead.letter.destination applies");
        List<UUID> between = send(2, 16);
        EventDelivery second = nextDelivery();
        assertTrue(plugin.deadLetterRequest(connId(), withOwn, second, null, "permanent failure: too large"),
                "the subscription's deadLetterDestination applies");
        await("4 acks").atMost(WAIT).until(() -> callbacks.acks().size() == 4);
        assertTrue(callbacks.rejects().isEmpty(), callbacks.rejects()::toString);
        await("the dead letters on their destinations").atMost(WAIT)
                .until(() -> targetDlq.eventIds().size() == 1 && ownDlq.eventIds().size() == 1);
        assertEquals(List.of(first.event().id()), targetDlq.eventIds());
        assertEquals(List.of(second.event().id()), ownDlq.eventIds());
        await("the deliveries on the target's destination").atMost(WAIT).until(() -> consumer.eventIds().size() >= 2);
        assertEquals(new HashSet<>(between), new HashSet<>(consumer.eventIds()), "no dead letter on the target's own destination");
        assertThrows(InvalidOptionsException.class, () -> plugin.validateOptions(SubscriptionOptions.defaults()
                .withPlugin(Map.of("deadLetterDestination", " "))));
    }

    @Test
    void without_a_dead_letter_destination_dead_letters_are_left_to_the_core() throws Exception {
        startConnected(DESTINATION, null);
        Subscription plain = new Subscription(SUBSCRIPTION, plugin.name(), null, SubscriptionOptions.defaults(), false, Instant.now());
        assertFalse(plugin.deadLetterRequest(connId(), plain, nextDelivery(), null, "refused"));
        assertTrue(callbacks.responses.isEmpty(), callbacks.responses::toString);
    }

    @Test
    void a_send_the_broker_refuses_is_rejected_with_a_reason_and_never_acked() throws Exception {
        String refusing;
        try {
            refusing = broker.refusingDestination();
        } catch (UnsupportedOperationException e) {
            Assumptions.abort(broker.getClass().getSimpleName() + " cannot refuse a send: " + e.getMessage());
            return;
        }
        startConnected(refusing, null);
        send(8, 2048);
        await("8 answers").atMost(WAIT).until(() -> callbacks.responses.size() >= 8);
        assertFalse(callbacks.rejects().isEmpty(), "the broker refused some sends: " + callbacks.responses);
        callbacks.rejects().forEach(r -> assertNotNull(r.info(), "a reject says why"));
        assertTrue(callbacks.acks().size() <= accepted(refusing),
                callbacks.acks().size() + " acks but the broker accepted " + broker.accepted(refusing));
    }

    @Test
    void the_connection_is_reported_closed_when_the_broker_stops_and_registered_again_once_it_is_back() throws Exception {
        startConnected(DESTINATION, null);
        broker.stop();
        await("connectionClosed").atMost(WAIT).until(() -> callbacks.closed.contains(connId()));
        assertFalse(plugin.health().get(connId()).up());
        deliver(nextDelivery(), null);
        await("the delivery made while down is rejected").atMost(WAIT).until(() -> callbacks.rejects().size() == 1);

        broker.start();
        await("the second registration").atMost(WAIT).until(() -> callbacks.registered.size() == 2);
        assertTrue(plugin.health().get(connId()).up());
        BrokerFixture.Receiver consumer = receiver(DESTINATION);
        List<UUID> sent = send(3, 16);
        await("acks after reconnecting").atMost(WAIT).until(() -> callbacks.acks().size() == 3);
        await("the messages at the consumer").atMost(WAIT).until(() -> consumer.eventIds().containsAll(sent));
    }

    @Test
    void a_broker_down_at_init_does_not_fail_init_and_health_never_shows_the_password() throws Exception {
        broker.stop();
        start(DESTINATION, null, Map.of("username", "bridge", "password", PASSWORD));
        await("a failed attempt shows in health").atMost(WAIT)
                .until(() -> plugin.health().get(connId()).detail().startsWith("cannot connect"));
        ConnectionHealth down = plugin.health().get(connId());
        assertFalse(down.up());
        assertFalse(down.detail().contains(PASSWORD), down.detail());
        assertTrue(callbacks.registered.isEmpty());
    }

    @Test
    void a_reply_carrying_an_event_id_comes_back_as_a_reply_to_that_event() throws Exception {
        String replies = DESTINATION + ".replies";
        startConnected(DESTINATION, replies);
        UUID answered = UUID.randomUUID();
        broker.sendReply(replies, answered, "order.confirmed", "{\"accepted\":true}");
        await("the reply").atMost(WAIT).until(() -> callbacks.replies().size() == 1);
        DeliveryResponse reply = callbacks.replies().get(0);
        assertEquals(answered, reply.eventId(), "the core publishes it with cid = the answered event's id");
        assertEquals("order.confirmed", reply.reply().type());
        assertFalse(reply.reply().data().items().isEmpty(), "the reply's body is its data");
    }

    @Test
    void calls_for_a_closed_or_unknown_connection_id_are_rejected_not_thrown() throws Exception {
        startConnected(DESTINATION, null);
        broker.stop();
        await("connectionClosed").atMost(WAIT).until(() -> callbacks.closed.contains(connId()));
        assertDoesNotThrow(() -> deliver(nextDelivery(), DataArray.ofJson("1")));
        assertDoesNotThrow(() -> plugin.deliveryRequest(plugin.name() + ".nosuch", null, nextDelivery(), null));
        await("both rejected").atMost(WAIT).until(() -> callbacks.rejects().size() == 2);
        assertDoesNotThrow(() -> plugin.health());
    }

    @Test
    void a_burst_beyond_what_the_broker_grants_in_flight_waits_and_is_all_acked_in_order_none_rejected() throws Exception {
        startConnected(DESTINATION, null);
        BrokerFixture.Receiver consumer = receiver(DESTINATION);
        List<UUID> sent = send(500, 1024);
        await("500 acks").atMost(WAIT.multipliedBy(2)).until(() -> callbacks.responses.size() >= 500);
        assertTrue(callbacks.rejects().isEmpty(), "a full window waits, it never rejects: " + callbacks.rejects().stream()
                .map(DeliveryResponse::info).distinct().toList());
        assertInOrder(sent, ids(callbacks.acks()), "acked");
        await("500 messages at the consumer").atMost(WAIT).until(() -> consumer.eventIds().size() >= 500);
        assertEquals(new HashSet<>(sent), new HashSet<>(consumer.eventIds()), "each received");
    }

    @Test
    void sends_in_flight_when_the_broker_goes_away_are_each_answered_once_and_the_target_comes_back() throws Exception {
        startConnected(DESTINATION, null);
        List<UUID> before = send(300, 1024);
        broker.stop();
        await("every delivery made before the outage answered").atMost(WAIT)
                .until(() -> callbacks.responses.size() >= 300);
        assertEquals(300, callbacks.responses.size(), "each answered once: " + callbacks.responses.size());
        assertEquals(new HashSet<>(before), new HashSet<>(ids(callbacks.responses)));
        await("connectionClosed").atMost(WAIT).until(() -> callbacks.closed.contains(connId()));

        broker.start();
        await("registered again within the reconnect delay").atMost(WAIT).until(() -> callbacks.registered.size() == 2);
        callbacks.responses.clear();
        BrokerFixture.Receiver consumer = receiver(DESTINATION);
        List<UUID> after = send(50, 1024);
        await("the sends after the outage acked").atMost(WAIT).until(() -> callbacks.acks().size() == 50);
        assertTrue(callbacks.rejects().isEmpty(), callbacks.rejects()::toString);
        await("and received").atMost(WAIT).until(() -> consumer.eventIds().containsAll(after));
    }

    @Test
    void close_answers_every_delivery_still_in_flight_exactly_once() throws Exception {
        startConnected(DESTINATION, null);
        List<UUID> sent = send(200, 256);
        plugin.close();
        await("every delivery answered").atMost(WAIT).until(() -> callbacks.responses.size() >= 200);
        List<UUID> answered = ids(callbacks.responses);
        assertEquals(new HashSet<>(sent), new HashSet<>(answered), "each delivery answered");
        assertEquals(200, answered.size(), "each answered once");
    }

    @Test
    void close_leaves_no_connection_open_on_the_broker() throws Exception {
        startConnected(DESTINATION, DESTINATION + ".replies");
        assertTrue(broker.connections() > 0, "the target is connected");
        plugin.close();
        await("no client connection left").atMost(WAIT).until(() -> broker.connections() == 0);
    }

    @Test
    void the_registered_matcher_serves_the_configured_subscription_names_and_namespace_only() throws Exception {
        start(DESTINATION, null, Map.of("subscriptions", "orders-.*", "namespace", "shop"));
        await("registration").atMost(WAIT).until(() -> callbacks.registered.contains(connId()));
        SubscriptionMatcher matcher = callbacks.matchers.get(connId());
        assertTrue(matcher.matches(SUBSCRIPTION));
        assertFalse(matcher.matches(new SubscriptionRef(UUID.randomUUID(), "shop", "billing")));
        assertFalse(matcher.matches(new SubscriptionRef(UUID.randomUUID(), "other", "orders-out")));
    }
}
