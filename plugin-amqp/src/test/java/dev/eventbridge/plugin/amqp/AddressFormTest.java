package dev.eventbridge.plugin.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AddressFormTest {

    @Test
    @DisplayName("auto picks the form from the broker's product and version: RabbitMQ 3.x v1, 4.x v2, anything else the name")
    void formPerBroker() {
        assertEquals(AddressForm.RABBITMQ_V1, AddressForm.forBroker("RabbitMQ", "3.10.8"));
        assertEquals(AddressForm.RABBITMQ_V2, AddressForm.forBroker("RabbitMQ", "4.1.0"));
        assertEquals(AddressForm.NAME, AddressForm.forBroker("apache-activemq-artemis", "2.40.0"));
        assertEquals(AddressForm.NAME, AddressForm.forBroker(null, null));
    }

    @Test
    @DisplayName("Names become each form's address, escaped as that form needs; a name starting with / is an address already")
    void addresses() {
        assertEquals("ORDERS.IN", AddressForm.NAME.address("ORDERS.IN", false));
        assertEquals("/amq/queue/ORDERS.IN", AddressForm.RABBITMQ_V1.address("ORDERS.IN", false));
        assertEquals("/amq/queue/a%2Fb", AddressForm.RABBITMQ_V1.address("a/b", false));
        assertEquals("/topic/orders.created", AddressForm.RABBITMQ_V1.address("orders.created", true));
        assertEquals("/queues/ORDERS.IN", AddressForm.RABBITMQ_V2.address("ORDERS.IN", false));
        assertEquals("/queues/a%2Fb%20c%C3%A9", AddressForm.RABBITMQ_V2.address("a/b cé", false));
        assertEquals("/exchanges/amq.topic/orders.created", AddressForm.RABBITMQ_V2.address("orders.created", true));
        assertEquals("/exchange/orders/created", AddressForm.RABBITMQ_V1.address("/exchange/orders/created", false));
    }
}
