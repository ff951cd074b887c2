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
import dev.eventbridge.tck.BrokerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
