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
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over a real socket, against a bridge with the test plugin acking everything. */
class HttpApiTest {

    @TempDir
    static Path dir;
    static Bridge bridge;
    static HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.http.max.body.bytes", "4096");
        p.setProperty("bridge.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.setProperty("bridge.plugins.dir", dir.resolve("plugins").toString());
        p.setProperty("test.connections", "1");
        p.setProperty("test.auto.ack", "true");
        bridge = Bridge.start(BridgeConfig.fromProperties(p, "HttpApiTest"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    record Reply(int status, JsonNode body) {
    }

    static Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : Json.parse(r.body()));
    }

    static void assertError(Reply r, int status, String fragment) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        assertTrue(r.body().get("error").asText().contains(fragment), r.body().toString());
    }

    @Test
    @DisplayName("a published event is stored, readable, and delivered to a subscription that commits its offset")
    void publishSubscribeDeliver() throws Exception {
        Reply sub = call("POST", "/api/subscriptions",
                "{\"name\":\"http-orders\",\"transport\":\"test\",\"filter\":{\"type\":\"http\\\\..*\"},\"options\":{\"firstEvent\":\"newest\",\"readAhead\":3}}");
        assertEquals(201, sub.status(), sub.body().toString());
        String id = sub.body().get("id").asText();
        Reply pub = call("POST", "/api/events", "{\"type\":\"http.created\",\"topic\":\"t1\",\"data\":[{\"a\":1},\"two\"]}");
        assertEquals(201, pub.status(), pub.body().toString());
        long seq = pub.body().get("sequence").asLong();
        Reply got = call("GET", "/api/events/" + pub.body().get("id").asText(), null);
        assertEquals("http.created", got.body().get("type").asText());
        assertEquals("[{\"a\":1},\"two\"]", got.body().get("data").toString());
        await("offset committed through the HTTP API").until(() -> call("GET", "/api/subscriptions/" + id + "/offset", null)
                .body().get("committed").asLong() >= seq);
        assertEquals("test.0", call("GET", "/api/subscriptions/" + id, null).body().get("connection").asText());
        Reply batch = call("POST", "/api/events", "[{\"type\":\"a\"},{\"type\":\"b\",\"cid\":\"" + UUID.randomUUID() + "\"}]");
        assertEquals(2, batch.body().size());
        Reply list = call("GET", "/api/events?after=" + seq + "&limit=2", null);
        assertEquals("a", list.body().get(0).get("type").asText());
        assertEquals(204, call("DELETE", "/api/subscriptions/" + id, null).status());
        assertError(call("GET", "/api/subscriptions/" + id, null), 404, "no subscription");
    }

    @Test
    @DisplayName("bad input gets a 4xx with a JSON message, never a 500")
    void badInput() throws Exception {
        assertError(call("POST", "/api/events", "{\"type\":"), 400, "malformed JSON");
        assertError(call("POST", "/api/events", "{\"type\":\"a\",\"colour\":\"red\"}"), 400, "unknown field 'colour'");
        assertError(call("POST", "/api/events", "{\"type\":42}"), 400, "'type' must be a string");
        assertError(call("POST", "/api/events", "{\"topic\":\"x\"}"), 400, "'type' is required");
        assertError(call("POST", "/api/events", "{\"type\":\"a\",\"cid\":\"nope\"}"), 400, "'cid' must be a UUID");
        assertError(call("POST", "/api/events", "[]"), 400, "1 to");
        assertError(call("POST", "/api/events", ""), 400, "empty");
        assertError(call("POST", "/api/events", "{\"type\":\"" + "x".repeat(5000) + "\"}"), 413, "larger than the limit");
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"test\",\"filter\":{\"type\":\"([\"}}"), 400,
                "filter 'type' is not a regular expression this bridge accepts");
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"test\",\"filter\":{\"topic\":\"(a)\\\\1\"}}"), 400,
                "filter 'topic' is not a regular expression this bridge accepts (RE2 syntax: no backreferences");
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"smoke-signals\"}"), 400, "unknown transport");
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"'; DROP TABLE x;--\",\"transport\":\"test\"}"), 400, "name must be");
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"test\",\"options\":{\"readAhead\":-1}}"), 400, "readAhead");
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"test\",\"options\":{\"firstEvent\":\"yesterday\"}}"), 400,
                "firstEvent");
        assertError(call("GET", "/api/subscriptions/" + UUID.randomUUID(), null), 404, "no subscription");
        assertError(call("GET", "/api/subscriptions/not-a-uuid", null), 400, "not a UUID");
        assertError(call("GET", "/api/events?after=x", null), 400, "'after'");
        assertError(call("PUT", "/api/events", "{}"), 405, "not allowed");
        assertError(call("GET", "/nowhere", null), 404, "no such resource");
        assertEquals(201, call("POST", "/api/subscriptions", "{\"name\":\"dup\",\"transport\":\"test\"}").status());
        assertError(call("POST", "/api/subscriptions", "{\"name\":\"dup\",\"transport\":\"test\"}"), 409, "exists already");
        assertEquals("UP", call("GET", "/health", null).body().get("status").asText());
    }

    @Test
    @DisplayName("an encoded slash (%2f) is part of a path segment, never a separator")
    void encodedSeparators() throws Exception {
        assertError(call("GET", "/api%2fevents", null), 404, "no such resource: /api%2fevents");
        assertError(call("GET", "/api%2Fevents", null), 404, "no such resource");
        assertError(call("GET", "/api/events%2f", null), 404, "no such resource");
        assertError(call("GET", "/api/subscriptions/" + UUID.randomUUID() + "%2foffset", null), 400, "not a UUID");
        assertEquals(200, call("GET", "/api/events", null).status());
        assertEquals(200, call("GET", "/api/%65vents", null).status(), "an encoded letter is that letter");
    }
}
