package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.tck.BrokerFixture;

/** A broker fixture for the mqtt plugin: where the plugin connects, and the MQTT topic of a kit destination. */
interface MqttFixture extends BrokerFixture {

    /** Makes a plain test client of the fixture's protocol version: (url, client id). */
    interface ClientFactory {
        TestClient create(String url, String clientId) throws Exception;
    }

    /** The URL the plugin's target connects to. */
    String url();

    /** The MQTT topic the kit's {@code destination} ({@code a.b}) stands for. */
    String topic(String destination);

    /** Options the plugin's target needs on this broker beyond url and topic (a unique client id, say). */
    default java.util.Map<String, String> targetOptions() {
        return java.util.Map.of();
    }

    /**
     * A kit receiver over a subscribed test client: its event ids, mapped by {@code eventId}; closing
     * it runs {@code onClose} and closes the client, quietly if the broker is gone already.
     */
    static Receiver receiver(TestClient client, java.util.function.Function<TestClient.Received, java.util.UUID> eventId,
                             Runnable onClose) {
        return new Receiver() {
            @Override
            public java.util.List<java.util.UUID> eventIds() {
                return client.received().stream().map(eventId).toList();
            }

            @Override
            public void close() {
                onClose.run();
                try {
                    client.close();
                } catch (Exception e) {
                    // the broker may be gone already
                }
            }
        };
    }
}
