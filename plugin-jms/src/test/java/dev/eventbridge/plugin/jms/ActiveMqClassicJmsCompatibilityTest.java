package dev.eventbridge.plugin.jms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.activemq.EmbeddedClassicBroker;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.connectout.jms.testkit.ClassicJmsFixture;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit for the jms plugin against embedded ActiveMQ Classic over OpenWire, through
 * ActiveMQ's own Jakarta client configured as a user would: its factory class and a {@code tcp://} URL.
 */
class ActiveMqClassicJmsCompatibilityTest extends ConnectOutPluginCompatibilityKit {

    @Override
    protected Plugin newPlugin() {
        return new JmsPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) {
        return new ClassicJmsFixture(dir, EmbeddedClassicBroker::openwireUrl, ActiveMQConnectionFactory::new, "ce_");
    }

    @Override
    protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
        Map<String, String> options = new HashMap<>(Map.of("connection.factory", ActiveMQConnectionFactory.class.getName(),
                "url", ((ClassicJmsFixture) broker).url(), "queue", destination));
        if (replyDestination != null) {
            options.put("reply.queue", replyDestination);
        }
        return options;
    }

    @Test
    void a_factory_looked_up_in_activemqs_own_jndi_context_with_the_url_as_provider_url_sends_and_is_acked() throws Exception {
        start(DESTINATION, null, Map.of(
                "jndi.java.naming.factory.initial", "org.apache.activemq.jndi.ActiveMQInitialContextFactory",
                "jndi.name", "ConnectionFactory"));
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(plugin.health().get(connId()).detail().contains(((ClassicJmsFixture) broker).url()),
                plugin.health().toString());
        deliver(nextDelivery(), DataArray.ofJson("{\"n\":1}"));
        await("the ack").atMost(Duration.ofSeconds(20)).until(() -> callbacks.acks().size() == 1);
        assertEquals(1, broker.accepted(DESTINATION));
    }
}
