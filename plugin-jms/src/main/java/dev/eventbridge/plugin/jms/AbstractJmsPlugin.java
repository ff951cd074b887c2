package dev.eventbridge.plugin.jms;

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
import dev.eventbridge.plugin.jms.mapping.MessageMapper;
import dev.eventbridge.plugin.jms.target.JmsTarget;
import dev.eventbridge.plugin.jms.target.TargetOptions;
import dev.eventbridge.plugin.jms.target.TargetSettings;
import jakarta.jms.ConnectionFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connect-out plugin over Jakarta Messaging: one {@link JmsTarget} per entry of
 * {@code <name>.targets}. Subclasses name the plugin, declare how a target's connection factory is
 * configured and choose the message mapping; targets, delivery and health are handled here.
 */
public abstract class AbstractJmsPlugin implements Plugin {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractJmsPlugin.class);

    private final Map<String, JmsTarget> targets = new ConcurrentHashMap<>();
    private volatile Callbacks callbacks;

    /** Declares the options specific to this plugin on the targets group (the shared ones are declared already). */
    protected abstract void declareTargetOptions(ConfigSection targets);

    /**
     * The connection factory of one target, built from its options without connecting.
     *
     * @throws dev.eventbridge.api.config.ConfigException naming the option at fault (a bad URL, an
     *     unknown factory class or property)
     */
    protected abstract ConnectionFactory connectionFactory(ConfigSection target) throws Exception;

    /** Where a target connects, for logs and health; must not contain credentials. */
    protected abstract String displayUrl(ConfigSection target);

    /** How events become messages on this plugin's wire. */
    protected abstract MessageMapper mapper();

    /** Watches each new connection beyond its ExceptionListener; none by default. */
    protected JmsTarget.ConnectionWatcher connectionWatcher() {
        return JmsTarget.ConnectionWatcher.NONE;
    }

    @Override
    public final void initConfig(ConfigSection section) {
        ConfigSection group = section.group("targets");
        TargetOptions.declare(group);
        declareTargetOptions(group);
    }

    /** Reads and checks every target first, then starts them all connecting in the background. */
    @Override
    public void init(ConfigSection section, Callbacks callbacks) throws Exception {
        this.callbacks = callbacks;
        ConfigSection group = section.group("targets");
        MessageMapper mapper = mapper();
        Map<String, JmsTarget> created = new LinkedHashMap<>();
        for (String name : group.entryNames()) {
            ConfigSection entry = group.entry(name);
            TargetSettings settings = TargetOptions.read(name(), name, entry, displayUrl(entry));
            ConnectionFactory factory = connectionFactory(entry);
            created.put(settings.connId(), new JmsTarget(settings, factory, mapper, callbacks, connectionWatcher()));
        }
        if (created.isEmpty()) {
            LOG.info("{}: no targets configured ({}.targets.<name>.*)", name(), section.prefix());
        }
        targets.putAll(created);
        created.values().forEach(JmsTarget::start);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.none();
    }

    /** This plugin has no subscription options: any given is refused, naming it. */
    @Override
    public SubscriptionOptions validateOptions(SubscriptionOptions options) throws InvalidOptionsException {
        if (!options.plugin().isEmpty()) {
            throw new InvalidOptionsException("the " + name() + " transport has no subscription options; unknown: "
                    + String.join(", ", new java.util.TreeSet<>(options.plugin().keySet())));
        }
        return options;
    }

    @Override
    public void deliveryRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data) {
        JmsTarget target = targets.get(connId);
        if (target == null) {
            LOG.warn("{}: delivery for unknown connection {} rejected", name(), connId);
            Callbacks cb = callbacks;
            if (cb != null) {
                cb.deliveryResponse(connId, DeliveryResponse.reject(delivery, "unknown connection " + connId));
            }
            return;
        }
        target.send(delivery, data);
    }

    @Override
    public Map<String, ConnectionHealth> health() {
        Map<String, ConnectionHealth> out = new LinkedHashMap<>();
        targets.forEach((id, t) -> out.put(id, t.health()));
        return out;
    }

    @Override
    public void close() {
        List<JmsTarget> all = new ArrayList<>(targets.values());
        targets.clear();
        all.forEach(JmsTarget::close);
    }
}
