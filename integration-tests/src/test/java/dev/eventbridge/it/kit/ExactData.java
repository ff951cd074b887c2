package dev.eventbridge.it.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.core.json.Json;
import dev.eventbridge.it.support.BridgeClient;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 11, item 2, end to end: bodies sent to the HTTP API as raw bytes; each data value must
 * reach the broker byte for byte and read back verbatim, and input that cannot be kept exactly
 * must be refused with a 400 naming the field, storing nothing.
 */
final class ExactData {

    /** Values whose text a parse-and-render round trip would change. */
    static final List<String> VALUES = List.of("1e999999", "1e-999999", "3.141592653589793238462643383279", "-0.0", "1.0E+2",
            "123456789012345678901234567890", "-1.000000000000000000000000000001e-400",
            "\"\\u00e9 \u00e9 \u540d \uD83D\uDE00 \\ud83d\\ude00 \\\"q\\\" \\/\"",
            "{ \"a\" :\t{\"b\" : [ 1 ,\n 2.50 , 1E2 ] } ,\"c\":\"\u540d\\u540d\",\r\n \"d\" : { } }", "[ ]", "true", "null", "\"\"");

    private record Bad(byte[] body, String fragment) {
    }

    private ExactData() {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String head, int[] raw, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(head));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(utf8(tail));
        return out.toByteArray();
    }

    private static List<Bad> refused() {
        return List.of(
                new Bad(bytes("{\"type\":\"exact.bad\",\"data\":[{\"name\":\"a", new int[] {0xFF}, "b\"}]}"), "field 'data[0].name' is not valid UTF-8"),
                new Bad(bytes("{\"type\":\"", new int[] {0xC0, 0xAF}, "\"}"), "field 'type' is not valid UTF-8"),
                new Bad(bytes("{\"type\":\"exact.bad\",\"data\":[1,\"", new int[] {0xED, 0xA0, 0x80}, "\"]}"), "field 'data[1]' is not valid UTF-8"),
                new Bad(utf8("{\"type\":\"exact.bad\",\"data\":[{\"name\":\"\\ud800\"}]}"), "field 'data[0].name' contains an unpaired surrogate"),
                new Bad(utf8("[{\"type\":\"exact.ok\"},{\"type\":\"exact.bad\",\"data\":[\"x\\udc00\"]}]"),
                        "event [1]: field 'data[0]' contains an unpaired surrogate"));
    }

    /** Runs the whole check against a started bridge whose subscription delivers every event to {@code consumer}. */
    static void check(BridgeClient client, TargetConsumer consumer) throws Exception {
        for (Bad bad : refused()) {
            HttpResponse<byte[]> r = client.send("POST", "/api/events", bad.body());
            String reply = new String(r.body(), StandardCharsets.UTF_8);
            assertEquals(400, r.statusCode(), reply);
            String error = Json.parse(reply).get("error").asText();
            assertTrue(error.contains(bad.fragment()), error + " should contain " + bad.fragment());
        }
        assertTrue(client.events(0).isEmpty(), "a refused publish stores nothing");

        Map<String, String> expected = new LinkedHashMap<>(); // event id -> the message body it must have
        for (String value : VALUES) {
            expected.put(publish(client, "{\"type\":\"exact\", \"data\" : [ " + value + "\n] }"), "[" + value + "]");
        }
        expected.put(publish(client, "{\"type\":\"exact.all\",\"data\":[" + String.join(" ,\n\t", VALUES) + "]}"), "[" + String.join(",", VALUES) + "]");

        Set<String> seen = new HashSet<>();
        while (seen.size() < expected.size()) {
            Received m = consumer.receive(Duration.ofSeconds(20));
            assertNotNull(m, "all " + expected.size() + " events arrive; " + seen.size() + " did");
            String body = expected.get(m.id());
            assertNotNull(body, "only the published events arrive, got " + m.attributes());
            assertArrayEquals(utf8(body), m.bodyBytes(), () -> "expected " + body + " but the broker held " + m.body());
            seen.add(m.id());
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<byte[]> r = client.send("GET", "/api/events/" + e.getKey(), null);
            String shown = new String(r.body(), StandardCharsets.UTF_8);
            assertEquals(200, r.statusCode(), shown);
            assertTrue(shown.endsWith(",\"data\":" + e.getValue() + "}"), shown);
        }
        HttpResponse<byte[]> list = client.send("GET", "/api/events?withData=true&limit=1000&after=0", null);
        String listed = new String(list.body(), StandardCharsets.UTF_8);
        expected.values().forEach(body -> assertTrue(listed.contains(",\"data\":" + body + "}"), listed));
    }

    private static String publish(BridgeClient client, String body) {
        HttpResponse<byte[]> r = client.send("POST", "/api/events", utf8(body));
        String reply = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(201, r.statusCode(), reply);
        return Json.parse(reply).get("id").asText();
    }
}
