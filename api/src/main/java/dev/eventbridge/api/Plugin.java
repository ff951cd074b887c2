package dev.eventbridge.api;

import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.util.List;

/**
 * A transport that delivers events to applications: a connect-out broker client (JMS, AMQP, MQTT)
 * or a connect-in server. Found with {@link java.util.ServiceLoader}: a jar that lists its
 * implementation in {@code META-INF/services/dev.eventbridge.api.Plugin} is a plugin.
 *
 * <p>Lifecycle, driven by the core on one thread, in this order:
 * <ol>
 *   <li>{@link #name()}: the plugin's name, which is its configuration prefix and the
 *       {@code transport} of the subscriptions it serves.</li>
 *   <li>{@link #initConfig(ConfigSection)}: declare every option the plugin accepts. Called on all
 *       loaded plugins before any configuration is read; the core then rejects unknown or invalid
 *       options, naming them.</li>
 *   <li>{@link #init(ConfigSection, Callbacks)}: read the options and start; a connect-out plugin
 *       registers one connection per target here, or later once the broker is reachable.</li>
 *   <li>{@link #capabilities()}, {@link #validateOptions(SubscriptionOptions)} and
 *       {@link #deliveryRequest} for as long as the bridge runs.</li>
 *   <li>{@link #close()} at shutdown: stop sending, close connections.</li>
 * </ol>
 *
 * <p>Threading: {@code deliveryRequest} is called from the core's dispatcher threads, one thread per
 * active subscription, concurrently for different subscriptions. It must not block on the broker:
 * start the send and answer later through {@link Callbacks#deliveryResponse}, from any thread.
 * {@code validateOptions} is called on the thread creating a subscription (an HTTP worker or the
 * start-up thread), {@code health} on HTTP worker threads, both concurrently with deliveries.
 *
 * <p>Class loading: a plugin in the {@code plugins/} folder has a class loader of its own that sees
 * the JDK, this api and SLF4J besides the folder's jars; every call the core makes into the plugin
 * runs with that loader as the thread's context class loader, so that JMS providers, JNDI and
 * {@code ServiceLoader} lookups inside the plugin find the plugin's own jars.
 */
public interface Plugin extends AutoCloseable {

    /** The unique plugin name, lower case (for example {@code jms}); stable across releases. */
    String name();

    /**
     * Declares the options this plugin accepts, each with type, default and documentation.
     * Must not read values or start anything.
     */
    void initConfig(ConfigSection section);

    /**
     * Starts the plugin with its validated configuration. May register connections at once or
     * later from another thread (for example after a broker becomes reachable). Throwing fails the
     * bridge's start-up with the exception's message, so make it name the option at fault.
     *
     * @param section the same section given to {@link #initConfig}, now holding values
     * @param callbacks the core's side of the SPI; valid until {@link #close()}
     */
    void init(ConfigSection section, Callbacks callbacks) throws Exception;

    /** What this plugin supports. Called only after {@link #init}. */
    Capabilities capabilities();

    /**
     * Checks the options of a subscription before it is stored, and may return adjusted options
     * (for example forcing {@code withData}). Called for every subscription whose transport is this
     * plugin, durable or ephemeral.
     *
     * @return the options to store; {@code options} itself when nothing changes
     * @throws InvalidOptionsException naming the option that is not acceptable; the subscription
     *     is not created and the caller gets the message
     */
    SubscriptionOptions validateOptions(SubscriptionOptions options) throws InvalidOptionsException;

    /**
     * Starts one delivery on a connection this plugin registered. Must return promptly and answer
     * exactly once, later or before returning, with {@link Callbacks#deliveryResponse}: an ack once
     * the target has accepted the event, a reject if it failed. An exception thrown here counts as
     * a reject. Calls may arrive for a connection id after {@link Callbacks#connectionClosed};
     * the plugin must not fail on them (rejecting is fine).
     *
     * @param connId the connection chosen for the subscription
     * @param subscription the subscription being served
     * @param delivery the event and its subscription reference
     * @param data the event's data when the subscription has {@code withData}, else {@code null}
     */
    void deliveryRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data);

    /**
     * Starts a batch of deliveries, in sequence order, for a subscription in batch mode. Only
     * called when {@link Capabilities#batchDelivery()} is true. Each delivery is answered on its
     * own, as with {@link #deliveryRequest}; a plugin that sends the batch in one broker
     * transaction answers all of them once it commits. The default sends them one by one.
     */
    default void deliveryBatchRequest(String connId, Subscription subscription, List<EventDelivery> deliveries,
                                      List<DataArray> data) {
        for (int i = 0; i < deliveries.size(); i++) {
            deliveryRequest(connId, subscription, deliveries.get(i), data.get(i));
        }
    }

    /**
     * Sends an event its subscription gives up on (its retry policy's attempts ran out, or a delivery
     * was {@link dev.eventbridge.api.event.DeliveryResponse#rejectPermanently rejected as permanent})
     * to the dead-letter destination on the broker of {@code connId}, when the subscription or the
     * connection names one. Called on the subscription's dispatcher thread; must not block on the broker.
     *
     * <p>Returning true promises exactly one answer for {@code delivery} through
     * {@link Callbacks#deliveryResponse}: an ack once the broker accepted the dead letter, after which
     * the core records it and the subscription moves past the event; a reject (of any kind) when the
     * send failed, after which the core keeps the event in flight, so the subscription does not move
     * past it, and asks again after the retry policy's longest pause. An exception thrown here counts
     * as such a reject.
     *
     * @param connId the connection serving the subscription
     * @param subscription the subscription giving up on the event
     * @param delivery the event, with the number of delivery attempts made
     * @param data the event's data when the subscription has {@code withData}, else {@code null}
     * @param reason why the event is dead-lettered, to carry on the message
     * @return false when there is no dead-letter destination for this subscription (the default): the
     *     core records the dead letter in its store only and moves on at once; true when a send started
     */
    default boolean deadLetterRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data,
                                      String reason) {
        return false;
    }

    /** Health of each connection this plugin manages, keyed by connection id. Empty by default. */
    default java.util.Map<String, ConnectionHealth> health() {
        return java.util.Map.of();
    }

    /**
     * Stops the plugin: close connections, stop threads. Called once, on the core's shutdown thread,
     * after the dispatchers stopped sending. Before it returns it answers every delivery still in
     * flight exactly once: an ack for those the broker confirmed while closing, a reject for the
     * rest (which the core redelivers after a restart), and it leaves no broker connection open.
     * An exception is logged; the bridge still shuts down.
     */
    @Override
    default void close() throws Exception {
    }
}
