package dev.eventbridge.plugin.jms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.plugin.jms.testkit.ConnectOutContract;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The jms plugin against embedded Artemis over its CORE protocol, through Artemis' Jakarta client. */
class JmsPluginTest extends ConnectOutContract {

    private static final String ARTEMIS = ActiveMQConnectionFactory.class.getName();

    @Override
    protected String protocol() {
        return "CORE";
    }

    @Override
    protected Plugin newPlugin() {
        return new JmsPlugin();
    }

    @Override
    protected Map<String, String> connectOptions(int port) {
        return Map.of("connection.factory", ARTEMIS, "url", "tcp://localhost:" + port);
    }

    @Override
    protected ConnectionFactory clientFactory(int port) {
        return new ActiveMQConnectionFactory("tcp://localhost:" + port);
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
    @DisplayName("Connection factory bean properties are set through setters, matched ignoring case")
    void factoryPropertiesAreSet() throws Exception {
        startConnected(Map.of("factory.clientID", "bridge-orders", "factory.callTimeout", "12000"));
        assertTrue(plugin.health().get(connId()).up());
    }

    @Test
    @DisplayName("An unknown factory property fails init, naming the factory option")
    void unknownFactoryPropertyFailsInit() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(config(Map.of("factory.noSuchProperty", "1"))));
        assertEquals(key("factory"), e.key());
        assertTrue(e.getMessage().contains("noSuchProperty"), e.getMessage());
    }

    @Test
    @DisplayName("A connection factory class that does not exist fails init, naming connection.factory")
    void unknownFactoryClassFailsInit() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(config(Map.of("connection.factory", "com.example.NoSuchFactory"))));
        assertEquals(key("connection.factory"), e.key());
    }

    @Test
    @DisplayName("A connection factory found through JNDI is used")
    void jndiLookup() throws Exception {
        java.util.Properties p = config(Map.of(
                "jndi.java.naming.factory.initial", "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory",
                "jndi.connectionFactory.bridgeFactory", "tcp://localhost:" + broker.port(),
                "jndi.name", "bridgeFactory"));
        p.remove(key("connection.factory"));
        p.remove(key("url"));
        start(p);
        await("registered").atMost(Duration.ofSeconds(10)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(plugin.health().get(connId()).detail().contains("jndi:bridgeFactory"), plugin.health().toString());
    }
}
