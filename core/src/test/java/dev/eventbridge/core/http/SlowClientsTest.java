package dev.eventbridge.core.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send slowly, or not at all, beside good ones: the good requests are all answered
 * within a second, and the server closes the slow connections at their deadlines.
 */
class SlowClientsTest {

    @TempDir
    Path dir;
    private Bridge bridge;
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    private void start(String... extra) throws Exception {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.setProperty("bridge.plugins.dir", dir.resolve("plugins").toString());
        p.setProperty("test.connections", "1");
        p.setProperty("test.auto.ack", "true");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        bridge = Bridge.start(BridgeConfig.fromProperties(p, "SlowClientsTest"));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", bridge.httpPort());
        s.setSoTimeout(100);
        sockets.add(s);
        return s;
    }

    /** Starts {@code count} connections that each send one more byte of a request head every {@code every}. */
    private List<Socket> trickling(int count, Duration every) throws IOException {
        byte[] head = "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slow.add(connect());
        }
        int[] position = new int[count];
        trickle.scheduleWithFixedDelay(() -> {
            for (int i = 0; i < slow.size(); i++) {
                try {
                    OutputStream out = slow.get(i).getOutputStream();
                    out.write(position[i] < head.length ? head[position[i]++] : 'a');
                    out.flush();
                } catch (IOException closed) {
                    // the server closed it: what the deadline is for
                }
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return slow;
    }

    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    @DisplayName("500 connections sending a byte every 3 s: 40 good requests beside them are each answered within 1 s")
    void slowConnectionsDoNotHoldGoodRequests() throws Exception {
        start();
        trickling(500, Duration.ofSeconds(3));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        String base = "http://127.0.0.1:" + bridge.httpPort();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> publish = client.send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
                    .timeout(Duration.ofSeconds(1))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"good\",\"data\":[" + i + "]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, publish.statusCode(), publish.body());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
        }
    }

    @Test
    @DisplayName("a connection that trickles its request head is closed at the header deadline; one that stalls its body gets 408")
    void headAndBodyDeadlines() throws Exception {
        start("bridge.http.header.timeout", "1s", "bridge.http.body.timeout", "1s");
        List<Socket> slow = trickling(5, Duration.ofMillis(200));
        Socket stalledBody = connect();
        stalledBody.getOutputStream().write(("POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
        stalledBody.getOutputStream().flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.stream().allMatch(SlowClientsTest::closedByServer));
        stalledBody.setSoTimeout(10_000);
        String answer = new String(stalledBody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains("\"error\":\"request body not received within 1000 ms\""), answer);
    }

    @Test
    @DisplayName("beyond bridge.http.max.connections a new connection is closed at once; once one closes, requests are served again")
    void connectionCap() throws Exception {
        start("bridge.http.max.connections", "5");
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idle.add(connect());
        }
        // each of the five is accepted: a request on it is answered
        for (Socket s : idle) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] status = s.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
            s.setSoTimeout(100);
        }
        Socket sixth = connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(sixth));
        idle.get(0).close();
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort() + "/health")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
