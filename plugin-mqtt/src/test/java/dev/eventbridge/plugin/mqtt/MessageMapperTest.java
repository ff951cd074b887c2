package dev.eventbridge.plugin.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.connectout.group.GroupBy;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.MessageMapper;
import dev.eventbridge.plugin.mqtt.mapping.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

    private static final DataArray EXACT = DataArray.ofJson("1e999999", "1e-999999", "3.141592653589793238462643383279", "-0.0", "1.0E+2",
            "123456789012345678901234567890", "\"\\u00e9 \u00e9 \uD83D\uDE00\"", "{ \"a\" :\t[1 ,2] }");

    private static EventDelivery delivery() {
        Event e = new Event(ID, 3, "shop", "t", "", null, null, Instant.parse("2026-01-01T00:00:00Z"));
        return new EventDelivery(e, new SubscriptionRef(UUID.randomUUID(), "shop", "s"), 1);
    }

    private static String payload(OutboundMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("event data reaches the payload byte for byte: the MQTT 5 payload is the data array, MQTT 3.1.1 embeds it verbatim")
    void dataVerbatim() {
        DataArray data = EXACT;
        String array = "[1e999999,1e-999999,3.141592653589793238462643383279,-0.0,1.0E+2,123456789012345678901234567890,"
                + "\"\\u00e9 \u00e9 \uD83D\uDE00\",{ \"a\" :\t[1 ,2] }]";
        assertArrayEquals(utf8(array), v5.toMessage(delivery(), data).payload());
        String structured = payload(v3.toMessage(delivery(), data));
        assertTrue(structured.endsWith(",\"data\":" + array + "}"), structured);
        byte[] bytes = v3.toMessage(delivery(), data).payload();
        assertArrayEquals(utf8(array), java.util.Arrays.copyOfRange(bytes, bytes.length - 1 - utf8(array).length, bytes.length - 1));
    }

    @Test
    @DisplayName("reply data is kept as sent: an MQTT 3.1.1 data member as its JSON text, MQTT 5 text that is not UTF-8 as binary")
    void replyDataVerbatim() {
        String json = "{\"cid\":\"" + ID + "\",\"data\": {\"price\" : 1.10, \"big\": 1e999999} ,\"type\":\"quote\"}";
        DeliveryResponse r = v3.toReply(new InboundMessage("r", utf8(json), false, null, null, null));
        assertEquals(DataArray.ofJson("{\"price\" : 1.10, \"big\": 1e999999}"), r.reply().data());
        byte[] notUtf8 = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        DeliveryResponse b = v5.toReply(new InboundMessage("r", notUtf8, true, "application/json", utf8(ID.toString()), Map.of()));
        assertArrayEquals(notUtf8, ((DataArray.Data.Binary) b.reply().data().items().get(0)).bytes());
    }

    @Test
    @DisplayName("group.by=data:<member>: an MQTT 5 message carries the key as user property group; MQTT 3.1.1 has none")
    void groupKey() {
        GroupBy byCustomer = GroupBy.parse("data:customerId");
        DataArray data = DataArray.ofJson("{\"customerId\":\"c-42\"}");
        MessageMapper grouped5 = new MessageMapper(ProtocolVersion.V5, "r", "reply", byCustomer);
        assertEquals("c-42", grouped5.toMessage(delivery(), data).userProperties().get(MessageMapper.GROUP_PROPERTY));
        assertNull(grouped5.toMessage(delivery(), DataArray.ofJson("{}")).userProperties().get("group"), "no member, no group");
        assertNull(v5.toMessage(delivery(), data).userProperties().get("group"), "group.by none");
        OutboundMessage v311 = new MessageMapper(ProtocolVersion.V3_1_1, "r", "reply", byCustomer).toMessage(delivery(), data);
        assertTrue(v311.userProperties().isEmpty());
        assertTrue(!payload(v311).contains("\"group\""), payload(v311));
    }

    @Test
    @DisplayName("a dead letter carries deadletterreason, deadletterattempts and deadletterdestination: MQTT 5 user properties, MQTT 3.1.1 members (attempts a number)")
    void deadLetterAttributes() throws Exception {
        var dead = new dev.eventbridge.connectout.cloudevents.CloudEventAttributes.DeadLettered("refused: quota", 3, "topic orders/in");
        Map<String, String> props = v5.toMessage(delivery(), DataArray.ofJson("1"), dead).userProperties();
        assertEquals("refused: quota", props.get("deadletterreason"));
        assertEquals("3", props.get("deadletterattempts"));
        assertEquals("topic orders/in", props.get("deadletterdestination"));
        assertNull(v5.toMessage(delivery(), DataArray.ofJson("1")).userProperties().get("deadletterreason"), "only on dead letters");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v3.toMessage(delivery(), DataArray.ofJson("1"), dead).payload());
        assertEquals("refused: quota", json.get("deadletterreason").asText());
        assertEquals(3, json.get("deadletterattempts").intValue());
        assertTrue(json.get("deadletterattempts").isNumber());
        assertEquals("topic orders/in", json.get("deadletterdestination").asText());
        assertEquals(ID.toString(), json.get("id").asText());
    }

    @Test
    @DisplayName("trace context: traceparent and tracestate are MQTT 5 user properties and MQTT 3.1.1 structured members; absent when the event has none")
    void traceContext() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String tracestate = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
        Event e = new Event(ID, 3, "shop", "t", "", null, null, Instant.parse("2026-01-01T00:00:00Z"), traceparent, tracestate);
        EventDelivery traced = new EventDelivery(e, new SubscriptionRef(UUID.randomUUID(), "shop", "s"), 1);
        Map<String, String> props = v5.toMessage(traced, DataArray.ofJson("1")).userProperties();
        assertEquals(traceparent, props.get("traceparent"));
        assertEquals(tracestate, props.get("tracestate"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v3.toMessage(traced, DataArray.ofJson("1")).payload());
        assertEquals(traceparent, json.get("traceparent").asText());
        assertEquals(tracestate, json.get("tracestate").asText());
        assertEquals("1.0", json.get("specversion").asText());
        assertNull(v5.toMessage(delivery(), null).userProperties().get("traceparent"));
        var plain = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v3.toMessage(delivery(), null).payload());
        assertTrue(!plain.has("traceparent") && !plain.has("tracestate"), plain.toString());
    }
}
