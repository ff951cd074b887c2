package dev.eventbridge.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Publishing over HTTP to a bridge on PostgreSQL, which refuses what H2 would take (issue: one bad event failed 500 publishes). */
class PostgresPublishTest {

    @Test
    @DisplayName("events PostgreSQL would refuse get a 400 naming the field, and publishes beside them all succeed")
    void badEventsFailAloneWithA400() throws Exception {
        Properties p = EmbeddedPostgresServer.shared().createDatabase().bridgeProperties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.plugins.dir", "no-plugins");
        try (Bridge bridge = Bridge.start(BridgeConfig.fromProperties(p, "PostgresPublishTest"))) {
            HttpClient client = HttpClient.newHttpClient();
            URI events = URI.create("http://127.0.0.1:" + bridge.httpPort() + "/api/events");
            List<CompletableFuture<HttpResponse<String>>> good = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> bad = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String body = i % 10 == 5 ? "{\"type\":\"bad\\u0000type\"}" : "{\"type\":\"good\",\"data\":[" + i + "]}";
                (i % 10 == 5 ? bad : good).add(client.sendAsync(HttpRequest.newBuilder(events)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : good) {
                assertEquals(201, f.get().statusCode(), f.get().body());
            }
            for (CompletableFuture<HttpResponse<String>> f : bad) {
                assertEquals(400, f.get().statusCode(), f.get().body());
                assertTrue(f.get().body().contains("field 'type' contains a NUL character"), f.get().body());
            }
            HttpResponse<String> array = client.send(HttpRequest.newBuilder(events).POST(HttpRequest.BodyPublishers.ofString(
                    "[{\"type\":\"a\"},{\"type\":\"b\",\"topic\":\"t\\u0000\"}]")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, array.statusCode(), array.body());
            assertTrue(array.body().contains("event [1]: field 'topic' contains a NUL character"), array.body());
            assertEquals(270, bridge.engine().store().lastSequence(), "the good ones stored, nothing of the bad array");
        }
    }
}
