package dev.eventbridge.plugin.mqtt;

import static dev.eventbridge.plugin.mqtt.MqttOptions.*;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.Capabilities;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import dev.eventbridge.plugin.mqtt.target.MqttTarget;
import dev.eventbridge.plugin.mqtt.target.TargetSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connect-out plugin {@code mqtt}: one MQTT client per configured target
 * ({@code mqtt.targets.<name>.*}), registered as connection {@code mqtt.<name>}. Each delivery is
 * published asynchronously to the target's topic; the broker's acknowledgement acks it.
 */
public final class MqttPlugin implements Plugin {

    /** The plugin name, its configuration prefix and the transport of the subscriptions it serves. */
    public static final String NAME = "mqtt";

    private static final Logger LOG = LoggerFactory.getLogger(MqttPlugin.class);
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl");

    private final Map<String, MqttTarget> targets = new LinkedHashMap<>();
    private Callbacks callbacks;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void initConfig(ConfigSection section) {
        MqttOptions.declare(section);
    }

    @Override
    public void init(ConfigSection section, Callbacks callbacks) {
        this.callbacks = callbacks;
        ConfigSection group = section.group(TARGETS);
        List<MqttTarget> created = new ArrayList<>();
        try {
            for (String name : group.entryNames()) {
                ConfigSection entry = group.entry(name);
                TargetSettings settings = settings(name, entry);
                MqttTarget target;
                try {
                    target = new MqttTarget(settings, callbacks);
                } catch (IllegalArgumentException e) {
                    throw entry.invalid(URL, "the MQTT client refuses it: " + e.getMessage());
                }
                created.add(target);
                targets.put(settings.connId(), target);
            }
        } catch (RuntimeException e) {
            created.forEach(MqttTarget::close);
            targets.clear();
            throw e;
        }
        if (targets.isEmpty()) {
            LOG.info("MQTT plugin has no targets (mqtt.targets.<name>.url)");
        }
        created.forEach(MqttTarget::start);
    }

    private static TargetSettings settings(String name, ConfigSection entry) {
        String url = entry.get(URL).trim();
        checkUrl(entry, url);
        String clientId = entry.isSet(CLIENT_ID) ? entry.get(CLIENT_ID) : "eventbridge-" + name;
        String namespace = entry.get(NAMESPACE);
        return new TargetSettings(NAME + "." + name, url, clientId, entry.get(USERNAME), entry.get(PASSWORD),
                entry.get(TOPIC), entry.get(REPLY_TOPIC), entry.get(REPLY_TYPE), entry.get(QOS),
                ProtocolVersion.parse(entry.get(VERSION)), entry.get(RETAIN), entry.get(KEEP_ALIVE),
                entry.get(CONNECT_TIMEOUT), entry.get(SESSION_EXPIRY), entry.get(MAX_INFLIGHT),
                entry.get(RECONNECT_INITIAL_DELAY), entry.get(RECONNECT_MAX_DELAY),
                SubscriptionMatcher.byName(namespace == null || namespace.isBlank() ? null : namespace,
                        entry.get(SUBSCRIPTIONS)));
    }

    private static void checkUrl(ConfigSection entry, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw entry.invalid(URL, "not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw entry.invalid(URL, "the scheme must be tcp:// or ssl://");
        }
        if (uri.getHost() == null) {
            throw entry.invalid(URL, "it has no host");
        }
        if (uri.getUserInfo() != null) {
            throw entry.invalid(URL, "put credentials in username and password, not in the URL");
        }
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.none();
    }

    /** MQTT targets take no per-subscription options. */
    @Override
    public SubscriptionOptions validateOptions(SubscriptionOptions options) throws InvalidOptionsException {
        if (!options.plugin().isEmpty()) {
            throw new InvalidOptionsException("the mqtt transport takes no subscription options, got "
                    + options.plugin().keySet());
        }
        return options;
    }

    @Override
    public void deliveryRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data) {
        MqttTarget target = targets.get(connId);
        if (target == null) {
            if (callbacks != null) {
                callbacks.deliveryResponse(connId, DeliveryResponse.reject(delivery, "unknown MQTT connection " + connId));
            }
            return;
        }
        target.deliver(delivery, data);
    }

    @Override
    public Map<String, ConnectionHealth> health() {
        Map<String, ConnectionHealth> health = new LinkedHashMap<>();
        targets.forEach((id, target) -> health.put(id, target.health()));
        return health;
    }

    @Override
    public void close() {
        targets.values().forEach(MqttTarget::close);
    }
}
