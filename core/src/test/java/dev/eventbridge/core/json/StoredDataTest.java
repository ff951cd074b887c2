package dev.eventbridge.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoredDataTest {

    @Test
    @DisplayName("every kind of entry reads back exactly as it was stored")
    void roundTrip() {
        List<String> values = List.of("{\"a\":[1,2,{\"b\":\"x}\\\"]\"}]}", "\"text with \\\" quote\"", "42", "-1.5e3", "true",
                "null", "[]", "{}", "\"\"", "[{\"json\":1}]");
        List<DataArray.Data> items = new java.util.ArrayList<>();
        values.forEach(v -> items.add(new DataArray.Data.Json(v)));
        items.add(new DataArray.Data.Binary(new byte[] {0, 1, -2, 127}, "application/octet-stream"));
        items.add(new DataArray.Data.Binary(new byte[] {9}, null));
        items.add(new DataArray.Data.Binary(new byte[] {8}, "text/plain; x=\"a\\b\"\u00e9\n"));
        DataArray back = StoredData.decode(StoredData.encode(new DataArray(items)));
        assertEquals(items.size(), back.items().size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(values.get(i), ((DataArray.Data.Json) back.items().get(i)).json(), "entry " + i);
        }
        DataArray.Data.Binary b = (DataArray.Data.Binary) back.items().get(values.size());
        assertArrayEquals(new byte[] {0, 1, -2, 127}, b.bytes());
        assertEquals("application/octet-stream", b.contentType());
        assertEquals(null, ((DataArray.Data.Binary) back.items().get(values.size() + 1)).contentType());
        assertEquals("text/plain; x=\"a\\b\"\u00e9\n", ((DataArray.Data.Binary) back.items().get(values.size() + 2)).contentType());
    }

    @Test
    @DisplayName("data stored by the earlier tree-based writer still reads back")
    void readsEarlierFormat() {
        DataArray back = StoredData.decode("[{\"json\":{\"n\":1}},{\"base64\":\"AQI=\",\"contentType\":\"x/y\"},{\"json\":\"s\"}]");
        assertEquals("{\"n\":1}", ((DataArray.Data.Json) back.items().get(0)).json());
        assertArrayEquals(new byte[] {1, 2}, ((DataArray.Data.Binary) back.items().get(1)).bytes());
        assertEquals("\"s\"", ((DataArray.Data.Json) back.items().get(2)).json());
    }

    @Test
    @DisplayName("JSON entries carry their byte length, so they read back without a parse, multi-byte characters included")
    void lengthPrefixedEntries() {
        DataArray data = DataArray.ofJson("{\"name\":\"Zoë \ud83d\ude80\"}", "[1, 2]", "\"}]\"");
        byte[] stored = StoredData.encode(data);
        String text = new String(stored, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[{\"len\":" + "{\"name\":\"Zoë \ud83d\ude80\"}".getBytes(StandardCharsets.UTF_8).length + ",\"json\":"), text);
        assertEquals(data.items(), StoredData.decode(stored).items());
        assertEquals(data.items(), StoredData.decode(text).items(), "the parser reads the same, ignoring len");
    }

    @Test
    @DisplayName("stored bytes without len, or with a len that does not fit, are read by the parser")
    void fallsBackToTheParser() {
        byte[] early = "[{\"json\":{\"n\":1}},{\"json\":\"s\"}]".getBytes(StandardCharsets.UTF_8);
        assertEquals(DataArray.ofJson("{\"n\":1}", "\"s\"").items(), StoredData.decode(early).items());
        byte[] wrongLength = "[{\"len\":3,\"json\":{\"a\":12}}]".getBytes(StandardCharsets.UTF_8);
        assertEquals(DataArray.ofJson("{\"a\":12}").items(), StoredData.decode(wrongLength).items());
        byte[] trailing = "[{\"len\":1,\"json\":1}] ".getBytes(StandardCharsets.UTF_8);
        assertEquals(DataArray.ofJson("1").items(), StoredData.decode(trailing).items());
        assertEquals(0, StoredData.decode((byte[]) null).items().size());
    }
}
