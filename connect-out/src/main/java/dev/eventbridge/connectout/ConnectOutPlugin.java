package dev.eventbridge.connectout;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.Capabilities;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.connectout.config.TargetOptions;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.connectout.send.DeadLetterSend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connect-out plugin: one {@link BrokerConnection} per entry of {@code <name>.targets}, each
 * registered with the core as connection {@code <name>.<target>}. A subclass names the plugin,
 * declares its own target options, says where a target connects and builds its connection; options
 * shared by every target ({@link TargetOptions}), delivery routing, health and close are here.
 *
 * @param <C> the plugin's connection type
 */
public abstract class ConnectOutPlugin<C extends BrokerConnection<?>> implements Plugin {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectOutPlugin.class);

    /**
     * The subscription option naming the dead-letter destination on the serving target's broker; it
     * overrides the target's {@code dead.letter.destination}.
     */
    public static final String DEAD_LETTER_DESTINATION = "deadLetterDestination";

    private final Map<String, C> connections = new ConcurrentHashMap<>();
    private volatile Callbacks callbacks;

    /** Declares the options specific to this plugin on the targets group (the shared ones are declared already). */
    protected abstract void declareTargetOptions(ConfigSection targets);

    /** Where a target connects, for logs and health; must not contain credentials. */
    protected abstract String displayUrl(ConfigSection target);

    /**
     * Builds one target's connection from its options, without connecting.
     *
     * @throws dev.eventbridge.api.config.ConfigException naming the option at fault
     */
    protected abstract C createConnection(TargetSettings settings, ConfigSection target, Callbacks callbacks)
            throws Exception;

    @Override
    public final void initConfig(ConfigSection section) {
        ConfigSection group = section.group(TargetOptions.TARGETS);
        TargetOptions.declare(group);
        declareTargetOptions(group);
    }

    /** Reads and checks every target first, then starts them all connecting in the background. */
    @Override
    public final void init(ConfigSection section, Callbacks callbacks) throws Exception {
        this.callbacks = callbacks;
        ConfigSection group = section.group(TargetOptions.TARGETS);
        Map<String, C> created = new LinkedHashMap<>();
        try {
            for (String name : group.entryNames()) {
                ConfigSection entry = group.entry(name);
                TargetSettings settings = TargetOptions.read(name(), name, entry, displayUrl(entry));
                created.put(settings.connId(), createConnection(settings, entry, callbacks));
            }
        } catch (Exception | LinkageError e) {
            created.values().forEach(BrokerConnection::close);
            throw e;
        }
        if (created.isEmpty()) {
            LOG.info("{}: no targets configured ({}.{}.<name>.*)", name(), section.prefix(), TargetOptions.TARGETS);
        }
        connections.putAll(created);
        created.values().forEach(BrokerConnection::start);
    }

    /**
     * Batch delivery ({@link Capabilities#batchDelivery()}) when {@link #batchDelivery()} says so.
     */
    @Override
    public final Capabilities capabilities() {
        return new Capabilities(batchDelivery());
    }

    /**
     * Whether this plugin's connections send a batch in one broker transaction
     * ({@link BrokerConnection#sendBatch}): the core then hands the deliveries of a subscription in
     * batch mode over in batches ({@link #deliveryBatchRequest}). False by default (MQTT has no
     * transactions).
     */
    protected boolean batchDelivery() {
        return false;
    }

    /**
     * Hands the batch to its target, which sends it in one broker transaction
     * ({@link BrokerConnection#deliverBatch}); one for an unknown or closed connection id is rejected,
     * each delivery, not thrown. Without {@link #batchDelivery()} each delivery is sent on its own.
     */
    @Override
    public final void deliveryBatchRequest(String connId, Subscription subscription, List<EventDelivery> deliveries,
                                           List<DataArray> data) {
        if (!batchDelivery()) {
            Plugin.super.deliveryBatchRequest(connId, subscription, deliveries, data);
            return;
        }
        C connection = connections.get(connId);
        if (connection == null) {
            Callbacks cb = callbacks;
            if (cb != null) {
                deliveries.forEach(d -> cb.deliveryResponse(connId, DeliveryResponse.reject(d, "unknown connection " + connId)));
            }
            return;
        }
        connection.deliverBatch(deliveries, data);
    }

    /**
     * Connect-out subscriptions take one option, {@value #DEAD_LETTER_DESTINATION}, which must be a
     * destination name this plugin accepts ({@link #deadLetterDestinationProblem}); any other is refused, naming it.
     */
    @Override
    public SubscriptionOptions validateOptions(SubscriptionOptions options) throws InvalidOptionsException {
        TreeSet<String> unknown = new TreeSet<>(options.plugin().keySet());
        unknown.remove(DEAD_LETTER_DESTINATION);
        if (!unknown.isEmpty()) {
            throw new InvalidOptionsException("unknown subscription option(s) for the " + name() + " transport: "
                    + String.join(", ", unknown) + " (it takes " + DEAD_LETTER_DESTINATION + " only)");
        }
        String deadLetters = options.plugin().get(DEAD_LETTER_DESTINATION);
        if (deadLetters != null) {
            String problem = deadLetters.isBlank() ? "must not be blank" : deadLetterDestinationProblem(deadLetters);
            if (problem != null) {
                throw new InvalidOptionsException("subscription option " + DEAD_LETTER_DESTINATION + " '" + deadLetters
                        + "' " + problem);
            }
        }
        return options;
    }

    /** Why {@code destination} cannot be a dead-letter destination of this plugin, or null when it can. Null by default. */
    protected String deadLetterDestinationProblem(String destination) {
        return null;
    }

    /**
     * Sends the dead letter to the subscription's {@value #DEAD_LETTER_DESTINATION}, else the serving
     * target's {@code dead.letter.destination}; false when neither is set. One for an unknown or
     * closed connection is rejected, so that the core keeps the event rather than pass it.
     */
    @Override
    public final boolean deadLetterRequest(String connId, Subscription subscription, EventDelivery delivery,
                                           DataArray data, String reason) {
        C connection = connections.get(connId);
        if (connection == null) {
            rejectUnknown(connId, delivery);
            return true;
        }
        String destination = subscription.options().plugin().get(DEAD_LETTER_DESTINATION);
        if (destination == null) {
            destination = connection.deadLetterDestination();
        }
        if (destination == null) {
            return false;
        }
        connection.deadLetter(delivery, data, new DeadLetterSend(destination, reason));
        return true;
    }

    /** Hands the delivery to its target; one for an unknown or closed connection id is rejected, not thrown. */
    @Override
    public final void deliveryRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data) {
        C connection = connections.get(connId);
        if (connection == null) {
            rejectUnknown(connId, delivery);
            return;
        }
        connection.deliver(delivery, data);
    }

    private void rejectUnknown(String connId, EventDelivery delivery) {
        Callbacks cb = callbacks;
        if (cb != null) {
            cb.deliveryResponse(connId, DeliveryResponse.reject(delivery, "unknown connection " + connId));
        }
    }

    @Override
    public final Map<String, ConnectionHealth> health() {
        Map<String, ConnectionHealth> out = new LinkedHashMap<>();
        connections.forEach((id, c) -> out.put(id, c.health()));
        return out;
    }

    /** Closes every target; each delivery still awaiting its broker is answered (see {@link BrokerConnection#close()}). */
    @Override
    public final void close() {
        List<C> all = new ArrayList<>(connections.values());
        connections.clear();
        all.forEach(BrokerConnection::close);
    }
}
