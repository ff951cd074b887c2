package dev.eventbridge.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbridge.api.event.DataArray;
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
        DataArray back = Json.dataFromStore(Json.dataToStore(new DataArray(items)));
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
        DataArray back = Json.dataFromStore("[{\"json\":{\"n\":1}},{\"base64\":\"AQI=\",\"contentType\":\"x/y\"},{\"json\":\"s\"}]");
        assertEquals("{\"n\":1}", ((DataArray.Data.Json) back.items().get(0)).json());
        assertArrayEquals(new byte[] {1, 2}, ((DataArray.Data.Binary) back.items().get(1)).bytes());
        assertEquals("\"s\"", ((DataArray.Data.Json) back.items().get(2)).json());
    }
}
