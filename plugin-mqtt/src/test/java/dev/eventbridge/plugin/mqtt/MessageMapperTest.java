package dev.eventbridge.plugin.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.MessageMapper;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MQTT reply mapping")
class MessageMapperTest {

    private static final UUID ID = UUID.fromString("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
    private final MessageMapper v5 = new MessageMapper(ProtocolVersion.V5, "r", "reply");
    private final MessageMapper v3 = new MessageMapper(ProtocolVersion.V3_1_1, "r", "reply");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("an MQTT 5 reply without a type or content type gets the default type and binary data")
    void v5BinaryReply() {
        DeliveryResponse r = v5.toReply(new InboundMessage("r", new byte[] {1, 2}, false, null, utf8(ID.toString()),
                Map.of("topic", "orders/eu", "reference", "x-1")));
        assertEquals(ID, r.eventId());
        assertEquals("reply", r.reply().type());
        assertEquals("orders/eu", r.reply().topic());
        assertEquals("x-1", r.reply().reference());
        assertArrayEquals(new byte[] {1, 2}, ((DataArray.Data.Binary) r.reply().data().items().get(0)).bytes());
    }

    @Test
    @DisplayName("an MQTT 5 reply marked as UTF-8 carries its body as JSON; an empty body carries no data")
    void v5TextReply() {
        DeliveryResponse r = v5.toReply(new InboundMessage("r", utf8("[1,2]"), true, null, utf8(ID.toString()), Map.of()));
        assertEquals(DataArray.ofJson("[1,2]"), r.reply().data());
        assertNull(r.reply().topic());
        DeliveryResponse empty = v5.toReply(new InboundMessage("r", new byte[0], false, null, utf8(ID.toString()), Map.of()));
        assertEquals(DataArray.empty(), empty.reply().data());
    }

    @Test
    @DisplayName("an MQTT 5 reply whose correlation data is not an event id is refused")
    void v5BadCorrelation() {
        assertThrows(IllegalArgumentException.class,
                () -> v5.toReply(new InboundMessage("r", new byte[0], false, null, utf8("order-7"), Map.of())));
    }

    @Test
    @DisplayName("an MQTT 3.1.1 structured reply with data_base64 carries binary data with its content type")
    void v3Base64Reply() {
        String json = "{\"cid\":\"" + ID + "\",\"type\":\"order.shipped\",\"subject\":\"orders/eu\","
                + "\"datacontenttype\":\"application/pdf\",\"data_base64\":\"AQI=\"}";
        DeliveryResponse r = v3.toReply(new InboundMessage("r", utf8(json), false, null, null, null));
        assertEquals("order.shipped", r.reply().type());
        assertEquals("orders/eu", r.reply().topic());
        assertEquals(new DataArray.Data.Binary(new byte[] {1, 2}, "application/pdf"), r.reply().data().items().get(0));
    }

    @Test
    @DisplayName("an MQTT 3.1.1 reply without a cid, or not a JSON object, is refused")
    void v3Refused() {
        assertThrows(IllegalArgumentException.class, () -> v3.toReply(new InboundMessage("r", utf8("{\"type\":\"x\"}"), false, null, null, null)));
        assertThrows(IllegalArgumentException.class, () -> v3.toReply(new InboundMessage("r", utf8("[1]"), false, null, null, null)));
        assertThrows(IllegalArgumentException.class, () -> v3.toReply(new InboundMessage("r", utf8("{\"cid\":\"no\"}"), false, null, null, null)));
    }
}
