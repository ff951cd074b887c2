package dev.eventbridge.core.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DELETE of a subscription whose deliveries the broker never answers stops its dispatcher at once. */
class DeleteStopsDispatcherTest {

    @Test
    @DisplayName("DELETE answers within 2 s and the dispatcher is gone, with deliveries in flight and a 60 s shutdown grace")
    void deleteStopsAtOnce(@TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.setProperty("bridge.plugins.dir", dir.resolve("plugins").toString());
        p.setProperty("bridge.shutdown.grace", "60s");
        p.setProperty("test.connections", "1");
        p.setProperty("test.auto.ack", "false");
        HttpClient client = HttpClient.newHttpClient();
        try (Bridge bridge = Bridge.start(BridgeConfig.fromProperties(p, "DeleteStopsDispatcherTest"))) {
            String base = "http://127.0.0.1:" + bridge.httpPort();
            JsonNode sub = Json.parse(send(client, "POST", base + "/api/subscriptions",
                    "{\"name\":\"never-answered\",\"transport\":\"test\",\"options\":{\"readAhead\":4}}").body());
            String id = sub.get("id").asText();
            for (int i = 0; i < 3; i++) {
                assertEquals(201, send(client, "POST", base + "/api/events", "{\"type\":\"t\"}").statusCode());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Json.parse(send(client, "GET", base + "/api/subscriptions/" + id + "/offset", null)
                    .body()).get("inFlight").asInt() == 3);
            UUID subId = UUID.fromString(id);
            assertTrue(bridge.engine().activeConnection(subId).isPresent(), "the dispatcher runs before the delete");
            long start = System.nanoTime();
            assertEquals(204, send(client, "DELETE", base + "/api/subscriptions/" + id, null).statusCode());
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 2000, "DELETE took " + took + " ms");
            await().atMost(Duration.ofSeconds(2)).until(() -> bridge.engine().activeConnection(subId).isEmpty());
        }
    }

    private static HttpResponse<String> send(HttpClient client, String method, String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
