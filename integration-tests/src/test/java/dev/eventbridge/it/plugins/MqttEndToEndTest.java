package dev.eventbridge.it.plugins;

import dev.eventbridge.demo.EmbeddedBroker;
import dev.eventbridge.it.kit.ConnectOutPluginKit;
import dev.eventbridge.it.kit.MqttTargetConsumer;
import dev.eventbridge.it.kit.TargetConsumer;
import java.util.HashMap;
import java.util.Map;

/** plugin-mqtt end to end: MQTT 5 at QoS 1, a Paho application with a persistent session on the other side. */
class MqttEndToEndTest extends ConnectOutPluginKit {

    private static final String REPLIES = "kit/replies";

    @Override
    protected String plugin() {
        return "mqtt";
    }

    @Override
    protected Map<String, String> target(EmbeddedBroker broker, String destination, String replyDestination) {
        Map<String, String> t = new HashMap<>();
        t.put("url", broker.mqttUrl());
        t.put("topic", topic(destination));
        t.put("reconnect.initial.delay", "100ms");
        t.put("reconnect.max.delay", "1s");
        if (replyDestination != null) {
            t.put("reply.topic", REPLIES);
        }
        return t;
    }

    @Override
    protected TargetConsumer consumer(EmbeddedBroker broker, String destination) throws Exception {
        return new MqttTargetConsumer(broker.mqttUrl(), topic(destination), REPLIES);
    }

    @Override
    protected String badUrl() {
        return "http://localhost:1";
    }

    /**
     * Under full-suite load the embedded Artemis has handed MQTT 5 messages to the consumer a few
     * places out of the order the plugin published them (twice in about six runs; never for JMS or
     * AMQP, never reproduced alone). Until that is explained, this test checks each event arrives
     * once, mapped, not the order.
     */
    @Override
    protected boolean brokerKeepsOrder() {
        return false;
    }

    private static String topic(String destination) {
        return destination.toLowerCase().replace('.', '/');
    }
}
