package dev.eventbridge.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bridge's HTTP API as a test uses it: over a real socket, failing loudly on an unexpected status. */
public final class BridgeClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public BridgeClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public JsonNode call(String method, String path, String body, int expectedStatus) {
        return call(method, path, body, expectedStatus, Map.of());
    }

    /** As {@link #call(String, String, String, int)}, sending {@code headers} (a W3C {@code traceparent}...). */
    public JsonNode call(String method, String path, String body, int expectedStatus, Map<String, String> headers) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::header);
            HttpRequest request = builder.build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + path + " returned " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? null : Json.parse(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code body} exactly as given (any bytes, valid UTF-8 or not) and returns the reply as it came. */
    public HttpResponse<byte[]> send(String method, String path, byte[] body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/json")
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a durable subscription from the oldest event; returns its id. */
    public String subscribe(String name, String transport, int readAhead) {
        return call("POST", "/api/subscriptions", "{\"name\":\"" + name + "\",\"transport\":\"" + transport
                + "\",\"options\":{\"firstEvent\":\"oldest\",\"readAhead\":" + readAhead + "}}", 201).get("id").asText();
    }

    /** Publishes {@code n} events of type {@code type} in one request; each has data [{"n": i}]. */
    public List<JsonNode> publish(String type, String topic, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"").append(type).append("\",\"topic\":\"").append(topic)
                    .append("\",\"reference\":\"ref-").append(i).append("\",\"data\":[{\"n\":").append(i).append("}]}");
        }
        JsonNode r = call("POST", "/api/events", body.append("]").toString(), 201);
        List<JsonNode> out = new ArrayList<>();
        if (r.isArray()) {
            r.forEach(out::add);
        } else {
            out.add(r);
        }
        return out;
    }

    public long committed(String subscriptionId) {
        return call("GET", "/api/subscriptions/" + subscriptionId + "/offset", null, 200).get("committed").asLong();
    }

    /** Events after {@code after}, up to 1000. */
    public List<JsonNode> events(long after) {
        List<JsonNode> out = new ArrayList<>();
        call("GET", "/api/events?withData=true&limit=1000&after=" + after, null, 200).forEach(out::add);
        return out;
    }

    public JsonNode health() {
        return call("GET", "/health", null, 200);
    }
}
