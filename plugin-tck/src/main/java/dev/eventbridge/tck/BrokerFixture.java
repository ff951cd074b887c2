package dev.eventbridge.tck;

import java.util.List;
import java.util.UUID;

/**
 * A real broker for the compatibility kit, with the plain client a consumer would use. A plugin's
 * test implements it for its protocol; the kit creates one per test and stops it afterwards.
 * Destinations are named as the plugin's target options name them (a queue, an MQTT topic).
 */
public interface BrokerFixture {

    /** Starts the broker, or starts it again on the same address keeping what it stored, as after an outage. */
    void start() throws Exception;

    /** Stops the broker, dropping every client connection; messages it stored stay. */
    void stop() throws Exception;

    /** Starts reading what is sent to {@code destination} from now on, as a consumer application would. */
    Receiver receiver(String destination) throws Exception;

    /**
     * How many messages the broker has accepted for {@code destination} so far, counted as it accepts
     * each (before it answers the sender), for checking that no ack comes before its message is in.
     *
     * @throws UnsupportedOperationException when the broker offers no such count (a service the test
     *     does not run); the kit then skips the checks that need it, saying so in one line
     */
    long accepted(String destination);

    /**
     * A destination whose sends the broker refuses once a few KiB are stored there (a full address
     * with a fail policy, a forbidden topic), telling the sender so.
     *
     * @throws UnsupportedOperationException when the broker cannot be made to refuse a send without
     *     reconfiguring it; the kit then skips that test, saying so in one line
     */
    String refusingDestination() throws Exception;

    /** Sends a reply to {@code answered} on {@code replyDestination}, as an application would: typed, with a JSON body. */
    void sendReply(String replyDestination, UUID answered, String type, String json) throws Exception;

    /**
     * Whether the broker keeps one sender's order: answers its sends, and hands its messages to a
     * consumer, in the order they were sent. True for every broker tried except Artemis over MQTT
     * (its acceptor reorders QoS 1 publishes in flight together, ARTEMIS-6191, and over MQTT 5 at
     * times sends PUBACKs out of order); where false, the kit checks that each message is acked and
     * received exactly once instead of their order.
     */
    default boolean keepsOrder() {
        return true;
    }

    /** Client connections open on the broker now, the fixture's own receivers included. */
    int connections();

    /** What a consumer of one destination received. */
    interface Receiver extends AutoCloseable {
        /** The event ids (the CloudEvents {@code id}) of the messages received so far, in arrival order. */
        List<UUID> eventIds();

        /** Stops reading and closes the client's connection. */
        @Override
        void close();
    }
}
