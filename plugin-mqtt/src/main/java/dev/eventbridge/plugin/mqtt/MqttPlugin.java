package dev.eventbridge.plugin.mqtt;

import static dev.eventbridge.plugin.mqtt.MqttOptions.*;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.connectout.ConnectOutPlugin;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.plugin.mqtt.client.BrokerAddress;
import dev.eventbridge.plugin.mqtt.client.MqttConnection;
import dev.eventbridge.plugin.mqtt.client.MqttSettings;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;

/**
 * Connect-out plugin {@code mqtt}: one MQTT client per configured target
 * ({@code mqtt.targets.<name>.*}), registered as connection {@code mqtt.<name>}. Each delivery is
 * published asynchronously to the target's topic; the broker's acknowledgement acks it.
 */
public final class MqttPlugin extends ConnectOutPlugin<MqttConnection> {

    /** The plugin name, its configuration prefix and the transport of the subscriptions it serves. */
    public static final String NAME = "mqtt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void declareTargetOptions(ConfigSection targets) {
        MqttOptions.declare(targets);
    }

    /** A dead-letter topic is a topic name: no wildcards. */
    @Override
    protected String deadLetterDestinationProblem(String destination) {
        return MqttOptions.isTopicName(destination) ? null : "must be a topic name without the wildcards + and #";
    }

    @Override
    protected String displayUrl(ConfigSection target) {
        return target.get(URL).trim();
    }

    @Override
    protected MqttConnection createConnection(TargetSettings settings, ConfigSection entry, Callbacks callbacks) {
        if (settings.duplicateDetection() == dev.eventbridge.connectout.config.DuplicateDetection.ON) {
            throw entry.invalid(dev.eventbridge.connectout.config.TargetOptions.DUPLICATE_DETECTION,
                    "MQTT has no duplicate-detection id; use auto or off");
        }
        String deadLetters = settings.deadLetterDestination();
        if (deadLetters != null && deadLetterDestinationProblem(deadLetters) != null) {
            throw entry.invalid(dev.eventbridge.connectout.config.TargetOptions.DEAD_LETTER_DESTINATION,
                    deadLetterDestinationProblem(deadLetters));
        }
        String url = entry.get(URL).trim();
        BrokerAddress address;
        try {
            address = BrokerAddress.parse(url);
        } catch (IllegalArgumentException e) {
            throw entry.invalid(URL, e.getMessage());
        }
        String name = settings.connId().substring(NAME.length() + 1);
        String clientId = entry.isSet(CLIENT_ID) ? entry.get(CLIENT_ID) : "eventbridge-" + name;
        MqttSettings mqtt = new MqttSettings(settings, address, clientId, entry.get(TOPIC), entry.get(REPLY_TOPIC),
                entry.get(QOS), ProtocolVersion.parse(entry.get(VERSION)), entry.get(RETAIN), entry.get(KEEP_ALIVE),
                entry.get(CONNECT_TIMEOUT), entry.get(SESSION_EXPIRY), entry.get(MAX_INFLIGHT));
        try {
            return new MqttConnection(mqtt, callbacks);
        } catch (IllegalArgumentException e) {
            throw entry.invalid(CLIENT_ID, "the MQTT client refuses it: " + e.getMessage());
        }
    }
}
