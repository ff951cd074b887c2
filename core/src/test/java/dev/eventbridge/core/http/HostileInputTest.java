package dev.eventbridge.core.http;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand generated malformed or hostile requests, with good ones interleaved: every bad one
 * gets a 4xx with a JSON error, every good one succeeds, and the bridge stays up throughout.
 */
class HostileInputTest {

    private static final int BAD_REQUESTS = Integer.getInteger("hostile.requests", 10_000);
    private static final int MAX_BODY = 4096;

    private record Req(String method, String path, String body) {
    }

    @Test
    @DisplayName("10,000 malformed or hostile requests each get a 4xx JSON error while the good ones between them all succeed")
    void hostileRequestsAreRefusedAndGoodOnesFlow(@TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.http.max.body.bytes", Integer.toString(MAX_BODY));
        p.setProperty("bridge.data.dir", dir.toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("none").toString());
        p.setProperty("test.connections", "1");
        p.setProperty("test.auto.ack", "true");
        Random random = new Random(20261124);
        List<Supplier<Req>> generators = generators(random);
        HttpClient client = HttpClient.newHttpClient();
        try (Bridge bridge = Bridge.start(BridgeConfig.fromProperties(p, "HostileInputTest"))) {
            String base = "http://127.0.0.1:" + bridge.httpPort();
            int good = 0;
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < BAD_REQUESTS; i++) {
                Req bad = generators.get(random.nextInt(generators.size())).get();
                HttpResponse<String> r = send(client, base, bad);
                if (r.statusCode() < 400 || r.statusCode() >= 500 || !isJsonError(r.body())) {
                    failures.add(r.statusCode() + " for " + bad.method() + " " + bad.path() + " "
                            + (bad.body() == null ? "" : bad.body().substring(0, Math.min(120, bad.body().length()))) + " -> " + r.body());
                }
                if (i % 10 == 0) {
                    HttpResponse<String> ok = send(client, base, new Req("POST", "/api/events",
                            "{\"type\":\"good\",\"reference\":\"" + i + "\",\"data\":[" + i + "]}"));
                    assertEquals(201, ok.statusCode(), ok.body());
                    good++;
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " hostile requests were not refused with a 4xx JSON error, e.g. "
                    + failures.subList(0, Math.min(5, failures.size())));
            JsonNode events = Json.parse(send(client, base, new Req("GET", "/api/events?after=0&limit=1000", null)).body());
            long stored = 0;
            for (JsonNode e : events) {
                stored += e.get("type").asText().equals("good") ? 1 : 0;
            }
            assertEquals(good, stored, "every good event interleaved with the hostile ones was stored");
            assertEquals(good, events.size(), "no hostile request stored an event");
            assertEquals(200, send(client, base, new Req("GET", "/health", null)).statusCode());
        }
    }

    private static boolean isJsonError(String body) {
        try {
            return Json.parse(body).get("error").isTextual();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static HttpResponse<String> send(HttpClient client, String base, Req r) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + r.path()))
                .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r.body()))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static final String[] HOSTILE_STRINGS = {"'; DROP TABLE eb_events;--", "../../etc/passwd", "<script>alert(1)</script>",
        "${jndi:ldap://evil/x}", "\u202eevil", "%00", "a\u0000b", "名前", " ", "", "x".repeat(300), "\\", "\"", "{{7*7}}"};

    private static String hostile(Random r) {
        return HOSTILE_STRINGS[r.nextInt(HOSTILE_STRINGS.length)];
    }

    private static String quote(String s) {
        return Json.write(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(s));
    }

    private static List<Supplier<Req>> generators(Random r) {
        String valid = "{\"type\":\"t\",\"topic\":\"x\",\"data\":[{\"a\":1}]}";
        List<Supplier<Req>> g = new ArrayList<>();
        // broken JSON: truncations, garbage, stray tokens
        g.add(() -> new Req("POST", "/api/events", valid.substring(0, 1 + r.nextInt(valid.length() - 1))));
        g.add(() -> {
            byte[] bytes = new byte[1 + r.nextInt(200)];
            r.nextBytes(bytes);
            return new Req("POST", "/api/events", new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        });
        g.add(() -> new Req("POST", "/api/events", valid + "}"));
        g.add(() -> new Req("POST", "/api/events", "{\"type\":\"a\",\"type\":\"b\"}"));
        g.add(() -> new Req("POST", "/api/events", "[".repeat(500 + r.nextInt(1000))));
        g.add(() -> new Req("POST", "/api/events", "null"));
        g.add(() -> new Req("POST", "/api/events", "   "));
        // wrong types
        String[] wrong = {"42", "true", "null", "[]", "{}", "1.5"};
        g.add(() -> new Req("POST", "/api/events", "{\"type\":" + (r.nextBoolean() ? wrong[r.nextInt(wrong.length)] : "\"\"") + "}"));
        g.add(() -> new Req("POST", "/api/events", "{\"type\":\"t\",\"data\":" + (r.nextBoolean() ? "{}" : "\"x\"") + "}"));
        g.add(() -> new Req("POST", "/api/events", "{\"type\":\"t\",\"cid\":" + quote(hostile(r)) + "}"));
        g.add(() -> new Req("POST", "/api/events", "{\"type\":\"t\",\"namespace\":" + quote(hostile(r)) + "}"));
        g.add(() -> new Req("POST", "/api/events", "[{\"type\":\"ok\"}," + wrong[r.nextInt(wrong.length)] + "]"));
        // unknown fields
        g.add(() -> new Req("POST", "/api/events", "{\"type\":\"t\"," + quote("f" + r.nextInt(1000)) + ":1}"));
        g.add(() -> new Req("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"test\",\"options\":{\"turbo\":true}}"));
        // huge bodies
        g.add(() -> new Req("POST", "/api/events", "{\"type\":\"t\",\"data\":[\"" + "x".repeat(MAX_BODY + r.nextInt(10_000)) + "\"]}"));
        // invalid regexes and hostile names in subscriptions
        String[] regexes = {"(", "[a-", "*x", "a{2,1}", "(?<n>", "\\"};
        g.add(() -> new Req("POST", "/api/subscriptions", "{\"name\":\"s" + r.nextInt(1_000_000) + "\",\"transport\":\"test\",\"filter\":{\""
                + (r.nextBoolean() ? "type" : "topic") + "\":" + quote(regexes[r.nextInt(regexes.length)]) + "}}"));
        g.add(() -> new Req("POST", "/api/subscriptions", "{\"name\":" + quote(hostile(r)) + ",\"transport\":\"test\"}"));
        g.add(() -> new Req("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":" + quote(hostile(r)) + "}"));
        g.add(() -> new Req("POST", "/api/subscriptions", "{\"name\":\"s\",\"transport\":\"test\",\"options\":{\"readAhead\":"
                + (r.nextBoolean() ? "-" + (1 + r.nextInt(100)) : "1e9") + "}}"));
        // wrong paths, ids, methods and queries
        g.add(() -> new Req("GET", "/api/subscriptions/x" + hostile(r).replaceAll("[^A-Za-z0-9.-]", "x"), null));
        g.add(() -> new Req("GET", "/api/subscriptions/" + UUID.randomUUID() + "/offset", null));
        g.add(() -> new Req("DELETE", "/api/subscriptions/" + UUID.randomUUID(), null));
        g.add(() -> new Req("GET", "/api/events/" + UUID.randomUUID(), null));
        g.add(() -> new Req(r.nextBoolean() ? "PUT" : "PATCH", "/api/events", valid));
        g.add(() -> new Req("GET", "/api/events?after=" + (r.nextBoolean() ? "-1" : "abc") + "&limit=" + r.nextInt(5), null));
        g.add(() -> new Req("GET", "/api/" + r.nextInt(1000), null));
        return g;
    }
}
