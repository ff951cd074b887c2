package dev.eventbridge.plugin.jms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.connectout.jms.testkit.ArtemisJmsFixture;
import dev.eventbridge.connectout.jms.testkit.JmsPluginContract;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.net.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/** The jms plugin against embedded Artemis over its CORE protocol, through Artemis' Jakarta client. */
class JmsPluginTest extends JmsPluginContract {

    private static final String ARTEMIS = ActiveMQConnectionFactory.class.getName();

    @Override
    protected Plugin newPlugin() {
        return new JmsPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) {
        return new ArtemisJmsFixture(dir, EmbeddedBroker::coreUrl, ActiveMQConnectionFactory::new, "ce_");
    }

    @Override
    protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
        Map<String, String> options = new HashMap<>(Map.of("connection.factory", ARTEMIS,
                "url", ((ArtemisJmsFixture) broker).url(), "queue", destination));
        if (replyDestination != null) {
            options.put("reply.queue", replyDestination);
        }
        return options;
    }

    @Override
    protected String prefix() {
        return "ce_";
    }

    @Override
    protected String badUrl() {
        return "nosuchscheme://localhost:1";
    }

    @Test
    void a_send_the_broker_never_confirms_is_rejected_once_after_send_timeout_and_its_late_confirmation_is_ignored()
            throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", jms().broker().port())) {
            start(DESTINATION, null, Map.of("url", "tcp://127.0.0.1:" + proxy.port(), "send.timeout", "1s"));
            await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
            BrokerFixture.Receiver receiver = receiver(DESTINATION);
            proxy.holdReplies(); // the broker stores the message, its confirmation never reaches the client
            EventDelivery unconfirmed = nextDelivery();
            long start = System.nanoTime();
            deliver(unconfirmed, null);
            await("the timeout reject").atMost(Duration.ofSeconds(10)).until(() -> !callbacks.responses.isEmpty());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            DeliveryResponse reject = callbacks.responses.get(0);
            assertTrue(reject.rejected() && reject.info().contains("within 1000 ms (send.timeout)"), reject::toString);
            assertEquals(unconfirmed.event().id(), reject.eventId());
            assertTrue(tookMs >= 1000 && tookMs < 5000, "rejected after " + tookMs + " ms");
            assertTrue(plugin.health().get(connId()).up(), "the connection stays up");

            proxy.releaseReplies(); // the late confirmation arrives now, before the next send's
            EventDelivery next = nextDelivery();
            deliver(next, null);
            await("the next send is acked").atMost(Duration.ofSeconds(10))
                    .until(() -> callbacks.acks().stream().anyMatch(r -> r.eventId().equals(next.event().id())));
            assertEquals(2, callbacks.responses.size(), "no second answer for the timed-out send: " + callbacks.responses);
            await("the broker stored both: the timed-out one, once redelivered, would be a duplicate")
                    .atMost(Duration.ofSeconds(10)).until(() -> receiver.eventIds().equals(
                            List.of(unconfirmed.event().id(), next.event().id())));
        }
    }

    @Test
    void connection_factory_bean_properties_are_set_through_setters_matched_ignoring_case() throws Exception {
        start(DESTINATION, null, Map.of("factory.clientID", "bridge-orders", "factory.callTimeout", "12000"));
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(plugin.health().get(connId()).up());
    }

    @Test
    void an_unknown_factory_property_fails_init_naming_the_factory_option() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(DESTINATION, null, Map.of("factory.noSuchProperty", "1")));
        assertEquals("jms.targets.orders.factory", e.key());
        assertTrue(e.getMessage().contains("noSuchProperty"), e.getMessage());
    }

    @Test
    void a_connection_factory_class_that_does_not_exist_fails_init_saying_where_to_put_the_provider_jars() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(DESTINATION, null, Map.of("connection.factory", "com.example.NoSuchFactory")));
        assertEquals("jms.targets.orders.connection.factory", e.key());
        assertTrue(e.getMessage().contains("copy the JMS provider's client jars"), e.getMessage());
    }

    @Test
    void a_connection_factory_found_through_jndi_is_used() throws Exception {
        Map<String, String> options = new HashMap<>(targetOptions(broker, DESTINATION, null));
        options.remove("connection.factory");
        options.remove("url");
        options.put("jndi.java.naming.factory.initial", "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory");
        options.put("jndi.connectionFactory.bridgeFactory", ((ArtemisJmsFixture) broker).url());
        options.put("jndi.name", "bridgeFactory");
        Map<String, String> properties = new HashMap<>();
        options.forEach((k, v) -> properties.put("jms.targets.orders." + k, v));
        var section = dev.eventbridge.tck.KitConfig.section("jms", properties);
        plugin.initConfig(section);
        section.validate();
        plugin.init(section, callbacks);
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(plugin.health().get(connId()).detail().contains("jndi:bridgeFactory"), plugin.health().toString());
    }
}
