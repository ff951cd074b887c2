package dev.eventbridge.plugin.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;

@DisplayName("MQTT 5 target")
class Mqtt5TargetTest extends MqttTargetContract {

    @Override
    String version() {
        return "5";
    }

    @Override
    TestClient newClient(String url, String clientId) throws Exception {
        return new Paho5TestClient(url, clientId);
    }

    @Override
    UUID eventIdOf(TestClient.Received received) {
        return UUID.fromString(new String(received.correlationData(), StandardCharsets.UTF_8));
    }

    @Override
    void assertMapped(TestClient.Received r, Event e, DataArray data) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("specversion", "1.0");
        expected.put("id", e.id().toString());
        expected.put("source", "/eventbridge/shop");
        expected.put("type", "order.created");
        expected.put("subject", "orders/eu");
        expected.put("time", e.created().toString());
        expected.put("sequence", Long.toString(e.sequence()));
        expected.put("topic", "orders/eu");
        expected.put("namespace", "shop");
        if (e.cid() != null) {
            expected.put("cid", e.cid().toString());
        }
        expected.put("reference", e.reference());
        expected.put("subscription", "orders-out");
        assertEquals(expected, r.userProperties());
        assertEquals("application/json", r.contentType());
        assertEquals(e.id().toString(), new String(r.correlationData(), StandardCharsets.UTF_8));
        assertEquals(REPLY_TOPIC, r.responseTopic());
        assertArrayEquals(data == null ? new byte[0] : data.toJson().getBytes(StandardCharsets.UTF_8), r.payload());
    }
}
