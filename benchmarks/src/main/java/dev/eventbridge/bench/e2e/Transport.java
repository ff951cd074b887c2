package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.util.Properties;

/** A bridge plugin under test and how its one target points at the embedded broker. */
public enum Transport {
    /** plugin-amqp: Qpid JMS over AMQP 1.0. */
    AMQP("amqp", "AMQP (Qpid JMS)"),
    /** plugin-jms with the Artemis CORE client. */
    JMS("jms", "JMS (Artemis CORE)"),
    /** plugin-mqtt (HiveMQ MQTT Client) against raw Paho, MQTT 5, QoS 1. */
    MQTT("mqtt", "MQTT 5 QoS 1 (bridge: HiveMQ client; raw: Paho)");

    private final String plugin;
    private final String label;

    Transport(String plugin, String label) {
        this.plugin = plugin;
        this.label = label;
    }

    /** The plugin name, which is also a subscription's transport. */
    public String plugin() {
        return plugin;
    }

    public String label() {
        return label;
    }

    /** Adds one target named {@code bench} sending to {@code destination} (a queue, or the MQTT topic). */
    public void configureTarget(Properties config, EmbeddedBroker broker, String destination) {
        String p = plugin + ".targets.bench.";
        switch (this) {
            case AMQP -> {
                config.setProperty(p + "url", broker.amqpUrl());
                config.setProperty(p + "queue", destination);
            }
            case JMS -> {
                config.setProperty(p + "connection.factory", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory");
                config.setProperty(p + "url", broker.coreUrl());
                config.setProperty(p + "queue", destination);
            }
            case MQTT -> {
                config.setProperty(p + "url", broker.mqttUrl());
                config.setProperty(p + "topic", destination);
                config.setProperty(p + "qos", "1");
            }
        }
    }
}
