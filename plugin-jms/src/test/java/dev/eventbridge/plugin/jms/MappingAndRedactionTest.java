package dev.eventbridge.plugin.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import dev.eventbridge.connectout.redact.Redaction;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MappingAndRedactionTest {

    private static final UUID ID = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

    @Test
    @DisplayName("Correlation ids are read bare and in the providers' prefixed forms; anything else is not an event id")
    void correlationIds() {
        assertEquals(ID, JmsMessageMapper.parseCorrelationId(ID.toString()));
        assertEquals(ID, JmsMessageMapper.parseCorrelationId("ID:" + ID));
        assertEquals(ID, JmsMessageMapper.parseCorrelationId("ID:AMQP_UUID:" + ID));
        assertEquals(ID, JmsMessageMapper.parseCorrelationId("ID:AMQP_STRING:" + ID));
        assertNull(JmsMessageMapper.parseCorrelationId("order-17"));
        assertNull(JmsMessageMapper.parseCorrelationId(null));
        assertNull(JmsMessageMapper.parseCorrelationId("1-1-1-1-1"));
    }

    @Test
    @DisplayName("Credentials in URLs and messages are masked")
    void redaction() {
        assertEquals("amqps://****@broker:5671?transport.trustStorePassword=****&x=1",
                Redaction.redact("amqps://bob:pw@broker:5671?transport.trustStorePassword=hunter2&x=1"));
        assertEquals("failover:(amqp://a?jms.password=****,amqp://b)",
                Redaction.redact("failover:(amqp://a?jms.password=hunter2,amqp://b)"));
        assertFalse(Redaction.redact("login failed for hunter2", "hunter2").contains("hunter2"));
    }
}
