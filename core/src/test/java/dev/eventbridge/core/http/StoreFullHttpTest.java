package dev.eventbridge.core.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.store.jdbc.QuotaFilePath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over an H2 store whose disk fills up and then has room again. */
class StoreFullHttpTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private String base;

    @AfterEach
    void room() {
        QuotaFilePath.releaseWrites();
        QuotaFilePath.setFree(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("disk full: /health is DOWN naming the failure, publishes get 503, reads get 200; with room again publishing resumes"
            + " by itself and every event that got a 201 is in the log")
    void diskFullThenRoom(@TempDir Path dir) throws Exception {
        QuotaFilePath.register();
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.store.url", "jdbc:h2:" + QuotaFilePath.SCHEME + ":" + dir.resolve("db") + ";WRITE_DELAY=0");
        p.setProperty("bridge.plugins.dir", dir.resolve("plugins").toString());
        try (Bridge bridge = Bridge.start(BridgeConfig.fromProperties(p, "StoreFullHttpTest"))) {
            base = "http://127.0.0.1:" + bridge.httpPort();
            List<String> acked = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                acked.add(publish(i).get("id").asText());
            }
            assertEquals("UP", get("/health").get("status").asText());

            QuotaFilePath.setFree(0);
            int refused = 0;
            for (int i = 10; i < 110 && refused == 0; i++) { // a write that fits the file's free pages may still succeed
                HttpResponse<String> r = post(i);
                if (r.statusCode() == 201) {
                    acked.add(Json.parse(r.body()).get("id").asText());
                } else {
                    assertEquals(503, r.statusCode(), r.body());
                    refused++;
                }
            }
            assertEquals(1, refused, "a publish got 503 once the disk was full");
            JsonNode health = get("/health");
            assertEquals("DOWN", health.get("status").asText(), health.toString());
            assertTrue(health.get("store").get("detail").asText().endsWith("No space left on device"), health.toString());
            assertEquals(503, post(1000).statusCode(), "while down, a publish gets 503");
            assertEquals(acked.size(), get("/api/events?limit=1000").size(), "the log reads while the disk is full");
            assertEquals(200, call("GET", "/api/events/" + acked.get(0), null).statusCode());
            assertEquals(200, call("GET", "/api/subscriptions", null).statusCode());

            QuotaFilePath.setFree(Long.MAX_VALUE);
            await("/health UP again with nobody publishing").atMost(Duration.ofSeconds(10))
                    .until(() -> get("/health").get("status").asText().equals("UP"));
            acked.add(publish(2000).get("id").asText());
            Set<String> stored = new HashSet<>();
            get("/api/events?limit=1000").forEach(e -> stored.add(e.get("id").asText()));
            assertTrue(stored.containsAll(acked), "every event that got a 201 is in the log");
        }
    }

    private JsonNode publish(int i) throws Exception {
        HttpResponse<String> r = post(i);
        assertEquals(201, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    private HttpResponse<String> post(int i) throws Exception {
        return call("POST", "/api/events", "{\"type\":\"t\",\"data\":[\"" + "x".repeat(2000) + "\"," + i + "]}");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
