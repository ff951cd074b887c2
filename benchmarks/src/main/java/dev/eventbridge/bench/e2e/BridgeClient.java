package dev.eventbridge.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** The bridge's HTTP API as the benchmark uses it: publish, create subscriptions, read committed offsets. */
public final class BridgeClient {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public BridgeClient(String base) {
        this.base = base;
    }

    /**
     * Publishes {@code count} events in requests of {@link Payloads#eventsPerRequest()} events, with
     * up to {@code concurrency} requests outstanding (so that the bridge can group-commit them);
     * returns once every request got its 201.
     */
    public void publish(Payloads payloads, String type, long count, int concurrency) throws Exception {
        publish(payloads, type, count, concurrency, payloads.eventsPerRequest());
    }

    /** As {@link #publish(Payloads, String, long, int)}, in requests of {@code perRequest} events. */
    public void publish(Payloads payloads, String type, long count, int concurrency, int perRequest) throws Exception {
        Semaphore outstanding = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (long sent = 0; sent < count && failure.get() == null; ) {
            int n = (int) Math.min(perRequest, count - sent);
            String body = payloads.batch(type, "e", sent, n);
            outstanding.acquire();
            http.sendAsync(post("/api/events", body), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else if (r.statusCode() != 201) {
                    failure.compareAndSet(null, new IOException("publish answered " + r.statusCode()));
                }
                outstanding.release();
            });
            sent += n;
        }
        outstanding.acquire(concurrency);
        if (failure.get() != null) {
            throw new IOException("publishing failed: " + failure.get(), failure.get());
        }
    }

    /** Publishes one event and waits for the answer; returns the HTTP status. */
    public int publishOneAndWait(String eventJson) throws IOException, InterruptedException {
        return http.send(post("/api/events", eventJson), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Creates a subscription starting at the oldest event, with data; returns its id. */
    public String createSubscription(String name, Transport transport, int readAhead) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"transport\":\"" + transport.plugin()
                + "\",\"options\":{\"firstEvent\":\"oldest\",\"readAhead\":" + readAhead + ",\"withData\":true}}";
        HttpResponse<String> r = http.send(post("/api/subscriptions", body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IOException("creating subscription " + name + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.parse(r.body()).get("id").asText();
    }

    /** How many subscriptions a connection delivers now (their {@code connection} is set). */
    public int dispatching() throws Exception {
        int n = 0;
        for (JsonNode s : get("/api/subscriptions")) {
            if (s.hasNonNull("connection")) {
                n++;
            }
        }
        return n;
    }

    /** The id of the subscription named {@code name}. */
    public String subscriptionId(String name) throws Exception {
        for (JsonNode s : get("/api/subscriptions")) {
            if (s.get("name").asText().equals(name)) {
                return s.get("id").asText();
            }
        }
        throw new IOException("no subscription named " + name);
    }

    public long committed(String subscriptionId) throws Exception {
        return get("/api/subscriptions/" + subscriptionId + "/offset").get("committed").asLong();
    }

    /** Polls until every subscription's committed offset is at least {@code offset}; false on timeout. */
    public boolean awaitCommitted(List<String> subscriptionIds, long offset, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int done = 0;
        while (done < subscriptionIds.size()) {
            if (committed(subscriptionIds.get(done)) >= offset) {
                done++;
                continue;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.parse(r.body());
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
