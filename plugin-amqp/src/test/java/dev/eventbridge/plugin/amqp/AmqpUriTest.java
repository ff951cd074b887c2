package dev.eventbridge.plugin.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AmqpUriTest {

    private static Map<String, String> tls() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("transport.trustStoreLocation", "/etc/bridge/trust.p12");
        options.put("transport.trustStorePassword", "p&ss=w rd");
        options.put("transport.verifyHost", "false");
        return options;
    }

    @Test
    @DisplayName("TLS options become transport.* query options of a single-broker URI, values encoded")
    void singleBroker() {
        assertEquals("amqps://broker:5671?transport.trustStoreLocation=%2Fetc%2Fbridge%2Ftrust.p12"
                        + "&transport.trustStorePassword=p%26ss%3Dw+rd&transport.verifyHost=false",
                AmqpUri.withOptions("amqps://broker:5671", tls()));
        assertEquals("amqps://broker:5671?amqp.idleTimeout=1000&transport.verifyHost=false",
                AmqpUri.withOptions("amqps://broker:5671?amqp.idleTimeout=1000", Map.of("transport.verifyHost", "false")));
    }

    @Test
    @DisplayName("On a failover URI they become failover.nested.* options after the nested URIs")
    void failover() {
        assertEquals("failover:(amqps://a:5671,amqps://b:5671?transport.x=1)?failover.nested.transport.verifyHost=false",
                AmqpUri.withOptions("failover:(amqps://a:5671,amqps://b:5671?transport.x=1)",
                        Map.of("transport.verifyHost", "false")));
        assertEquals("failover:(amqps://a:5671)?failover.maxReconnectAttempts=3&failover.nested.amqp.saslMechanisms=PLAIN",
                AmqpUri.withOptions("failover:(amqps://a:5671)?failover.maxReconnectAttempts=3",
                        Map.of("amqp.saslMechanisms", "PLAIN")));
        assertEquals("failover:(amqp://a:5672)?failover.nested.amqp.saslMechanisms=PLAIN&jms.validatePropertyNames=false",
                AmqpUri.withOptions("failover:(amqp://a:5672)", Map.of("amqp.saslMechanisms", "PLAIN"),
                        Map.of("jms.validatePropertyNames", "false")), "jms.* options stay on the failover URI itself");
    }

    @Test
    @DisplayName("TLS applies to amqps, amqpwss and failover URIs naming them")
    void tlsSchemes() {
        assertTrue(AmqpUri.usesTls("amqps://a"));
        assertTrue(AmqpUri.usesTls("AMQPWSS://a"));
        assertTrue(AmqpUri.usesTls("failover:(amqp://a,amqps://b)"));
        assertFalse(AmqpUri.usesTls("amqp://a"));
        assertFalse(AmqpUri.usesTls("failover:(amqp://a)"));
    }
}
