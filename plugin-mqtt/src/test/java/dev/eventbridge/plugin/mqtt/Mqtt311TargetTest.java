package dev.eventbridge.plugin.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;

@DisplayName("MQTT 3.1.1 target")
class Mqtt311TargetTest extends MqttTargetContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    String version() {
        return "3.1.1";
    }

    @Override
    TestClient newClient(String url, String clientId) throws Exception {
        return new Paho3TestClient(url, clientId);
    }

    private static JsonNode json(TestClient.Received r) {
        try {
            return JSON.readTree(r.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    UUID eventIdOf(TestClient.Received received) {
        return UUID.fromString(json(received).get("id").asText());
    }

    @Override
    void assertMapped(TestClient.Received r, Event e, DataArray data) {
        JsonNode j = json(r);
        assertEquals("1.0", j.get("specversion").asText());
        assertEquals(e.id().toString(), j.get("id").asText());
        assertEquals("/eventbridge/shop", j.get("source").asText());
        assertEquals("order.created", j.get("type").asText());
        assertEquals("orders/eu", j.get("subject").asText());
        assertEquals(e.created().toString(), j.get("time").asText());
        assertEquals(data == null, !j.has("datacontenttype"), "datacontenttype only with data");
        if (data != null) {
            assertEquals("application/json", j.get("datacontenttype").asText());
        }
        assertEquals(e.sequence(), j.get("sequence").asLong());
        assertTrue(j.get("sequence").isNumber());
        assertEquals("orders/eu", j.get("topic").asText());
        assertEquals("shop", j.get("namespace").asText());
        assertEquals(e.cid() == null, !j.has("cid"));
        if (e.cid() != null) {
            assertEquals(e.cid().toString(), j.get("cid").asText());
        }
        assertEquals(e.reference(), j.get("reference").asText());
        assertEquals("orders-out", j.get("subscription").asText());
        if (data == null) {
            assertFalse(j.has("data"));
        } else {
            String payload = new String(r.payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(payload.endsWith(",\"data\":" + data.toJson() + "}"), "the data array verbatim in the envelope: " + payload);
            try {
                assertEquals(JSON.readTree(data.toJson()), j.get("data"));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
