package dev.eventbridge.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** W3C Trace Context on POST /api/events over a real socket: the headers, the body members, and how they combine. */
class TraceContextHttpTest {

    private static final String HEADER_TP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String BODY_TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TempDir
    static Path dir;
    static Bridge bridge;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.setProperty("bridge.plugins.dir", dir.resolve("plugins").toString());
        bridge = Bridge.start(BridgeConfig.fromProperties(p, "TraceContextHttpTest"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort() + "/api/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String id) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort() + "/api/events/" + id)).build();
        return Json.parse(CLIENT.send(r, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    @DisplayName("the traceparent/tracestate headers apply to each event without its own; an event's own members win; GET shows them")
    void headersAndBody() throws Exception {
        HttpResponse<String> r = post("[{\"type\":\"a\"},{\"type\":\"b\",\"traceparent\":\"" + BODY_TP + "\",\"tracestate\":\"body=1\"}]",
                "traceparent", HEADER_TP, "tracestate", "header=1", "tracestate", "more=2");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode published = Json.parse(r.body());
        JsonNode a = get(published.get(0).get("id").asText());
        assertEquals(HEADER_TP, a.get("traceparent").asText());
        assertEquals("header=1,more=2", a.get("tracestate").asText(), "several tracestate headers are one list");
        JsonNode b = get(published.get(1).get("id").asText());
        assertEquals(BODY_TP, b.get("traceparent").asText());
        assertEquals("body=1", b.get("tracestate").asText());
        assertEquals(HEADER_TP, published.get(0).get("traceparent").asText(), "the publish's answer shows them too");
    }

    @Test
    @DisplayName("a bad traceparent header is ignored (the trace restarts): 201, no trace context; a bad traceparent member is a 400 naming the field")
    void badInput() throws Exception {
        HttpResponse<String> ignored = post("{\"type\":\"a\"}", "traceparent", HEADER_TP.toUpperCase(), "tracestate", "header=1");
        assertEquals(201, ignored.statusCode(), ignored.body());
        JsonNode stored = get(Json.parse(ignored.body()).get("id").asText());
        assertFalse(stored.has("traceparent"), stored.toString());
        assertFalse(stored.has("tracestate"), stored.toString());
        HttpResponse<String> refused = post("[{\"type\":\"a\",\"traceparent\":\"00-00000000000000000000000000000000-b7ad6b7169203331-01\"}]",
                "traceparent", HEADER_TP);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(Json.parse(refused.body()).get("error").asText().startsWith("event [0]: field 'traceparent' is not a W3C traceparent"), refused.body());
        HttpResponse<String> none = post("{\"type\":\"a\"}");
        assertFalse(get(Json.parse(none.body()).get("id").asText()).has("traceparent"));
    }
}
