package dev.eventbridge.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link EventJson} writes events as the API shows them, data verbatim; {@link Json#normalize} keeps reply JSON verbatim. */
class EventJsonTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID CID = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");
    private static final String HEAD = "{\"id\":\"" + ID + "\",\"sequence\":7,\"namespace\":\"ns\",\"type\":\"t\uD83D\uDE00\u00e9\",\"topic\":\"\",";

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("an event without data, and with data: JSON entries verbatim, binary ones as base64; astral characters as 4-byte UTF-8")
    void oneEvent() {
        Event e = new Event(ID, 7, "ns", "t\uD83D\uDE00\u00e9", null, null, null, CREATED);
        assertEquals(HEAD + "\"reference\":null,\"cid\":null,\"created\":\"" + CREATED + "\"}", text(EventJson.event(e, null)));
        DataArray data = new DataArray(List.of(new DataArray.Data.Json("1e999999"), new DataArray.Data.Json("{ \"a\" : 3.141592653589793238462643383279 }"),
                new DataArray.Data.Json("\"\\u00e9\uD83D\uDE00\""), new DataArray.Data.Binary(new byte[] {1, 2}, "x/y"), new DataArray.Data.Binary(new byte[] {3}, null)));
        assertEquals(HEAD + "\"reference\":null,\"cid\":null,\"created\":\"" + CREATED + "\",\"data\":[1e999999,{ \"a\" : 3.141592653589793238462643383279 },"
                + "\"\\u00e9\uD83D\uDE00\",{\"base64\":\"AQI=\",\"contentType\":\"x/y\"},{\"base64\":\"Aw==\"}]}", text(EventJson.event(e, data)));
        assertEquals(HEAD + "\"reference\":null,\"cid\":null,\"created\":\"" + CREATED + "\",\"data\":[]}", text(EventJson.event(e, DataArray.empty())));
    }

    @Test
    @DisplayName("lists: published events without data, stored events with their data when read with it")
    void lists() {
        Event a = new Event(ID, 7, "ns", "t\uD83D\uDE00\u00e9", "", "r", CID, CREATED);
        String one = HEAD + "\"reference\":\"r\",\"cid\":\"" + CID + "\",\"created\":\"" + CREATED + "\"";
        assertEquals("[" + one + "}," + one + "}]", text(EventJson.events(List.of(a, a))));
        assertEquals("[" + one + ",\"data\":[-0.0]}," + one + "}]",
                text(EventJson.stored(List.of(new StoredEvent(a, DataArray.ofJson("-0.0")), new StoredEvent(a, null)))));
        assertEquals("[]", text(EventJson.events(List.of())));
    }

    @Test
    @DisplayName("published data reads back byte for byte through the store's format and the API's")
    void publishStoreShowRoundTrip() {
        String body = "{\"type\":\"t\",\"data\":[" + String.join(" , ", PublishJsonExactTest.EXACT_VALUES) + "]}";
        DataArray data = PublishJson.parse(body.getBytes(StandardCharsets.UTF_8)).get(0).data();
        DataArray stored = StoredData.decode(StoredData.encode(data));
        String shown = text(EventJson.event(new Event(ID, 1, "n", "t", "", null, null, CREATED), stored));
        assertTrue(shown.endsWith(",\"data\":[" + String.join(",", PublishJsonExactTest.EXACT_VALUES) + "]}"), shown);
    }

    @Test
    @DisplayName("reply data: one JSON value kept verbatim (numbers, whitespace), other text wrapped as a JSON string, lone surrogates refused")
    void normalize() {
        List<String> verbatim = List.of("1e999999", " {\"price\" : 1.10} ", "3.141592653589793238462643383279", "\"\uD83D\uDE00\"", "[1,\n2]");
        DataArray kept = Json.normalize(DataArray.ofJson(verbatim.toArray(String[]::new)));
        assertEquals(DataArray.ofJson(verbatim.toArray(String[]::new)), kept);
        assertEquals(DataArray.ofJson("\"plain text\"", "\"1 2\"", "\"{\\\"a\\\":1,\\\"a\\\":2}\"", "\"\""),
                Json.normalize(DataArray.ofJson("plain text", "1 2", "{\"a\":1,\"a\":2}", "")));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> Json.normalize(DataArray.ofJson("1", "\"a\uD800\"")));
        assertTrue(e.getMessage().startsWith("field 'data[1]' contains an unpaired surrogate"), e.getMessage());
    }
}
