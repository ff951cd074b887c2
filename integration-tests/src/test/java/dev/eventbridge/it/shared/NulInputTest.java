package dev.eventbridge.it.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeCluster;
import dev.eventbridge.it.support.BridgeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 13 on PostgreSQL, whose text columns refuse a NUL character: several clients publish
 * at once, and each now and then sends an event with a NUL in its {@code type} or {@code topic}.
 * Every good publish is answered 201 (the bad one, grouped into the same transaction, must not
 * fail it), every bad one 400 naming the field, and the bridge's log holds no event values: neither
 * the bad value nor a good event's data.
 */
class NulInputTest {

    private static final int CLIENTS = 6;
    private static final int PER_CLIENT = 60;
    private final String marker = "bad-" + UUID.randomUUID().toString().substring(0, 8);
    private final String goodData = "good-data-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private BridgeCluster cluster;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        broker.close();
    }

    private record Answer(String field, int status, String body) {
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("a NUL in a text field: 400 naming the field, every concurrent good publish 201, no event value in the log")
    void nulIsRefusedAlone() throws Exception {
        cluster = new BridgeCluster(dir, broker, "SHARED.NUL");
        BridgeProcess bridge = cluster.start("bridge-a");
        HttpClient http = HttpClient.newHttpClient();
        URI events = URI.create("http://127.0.0.1:" + bridge.port() + "/api/events");

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Answer>>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            results.add(clients.submit(() -> {
                List<Answer> answers = new ArrayList<>();
                for (int i = 0; i < PER_CLIENT; i++) {
                    String field = i % 20 == 10 ? (client % 2 == 0 ? "type" : "topic") : null;
                    String type = "type".equals(field) ? marker + "\\u0000type" : "order.created";
                    String topic = "topic".equals(field) ? marker + "\\u0000topic" : "orders";
                    String body = "{\"type\":\"" + type + "\",\"topic\":\"" + topic + "\",\"data\":[{\"v\":\"" + goodData + "\"}]}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(events).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    answers.add(new Answer(field, r.statusCode(), r.body()));
                }
                return answers;
            }));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<List<Answer>> f : results) {
            answers.addAll(f.get(60, TimeUnit.SECONDS));
        }
        clients.shutdown();

        List<Answer> good = answers.stream().filter(a -> a.field() == null).toList();
        List<Answer> bad = answers.stream().filter(a -> a.field() != null).toList();
        List<Answer> failed = good.stream().filter(a -> a.status() != 201).toList();
        assertTrue(failed.isEmpty(), failed.size() + " of " + good.size() + " good publishes not answered 201, first: "
                + failed.stream().limit(3).toList());
        assertEquals(CLIENTS * (PER_CLIENT / 20), bad.size(), "bad publishes sent");
        for (Answer a : bad) {
            assertEquals(400, a.status(), "a NUL in '" + a.field() + "': " + a.body());
            assertTrue(a.body().contains("'" + a.field() + "'"), "the 400 names the field '" + a.field() + "': " + a.body());
        }
        String log = bridge.log();
        assertFalse(log.contains(marker), "the bridge log holds the refused value " + marker);
        assertFalse(log.contains(goodData), "the bridge log holds event data " + goodData);
    }
}
