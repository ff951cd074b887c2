package dev.eventbridge.it.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.PrometheusScrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of a running bridge delivering to an embedded Artemis, parsed as Prometheus text. */
class MetricsTest {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private Bridge bridge;

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static final String SUB = "subscription";

    @Test
    @DisplayName("/metrics: counters match the events delivered, lag rises while the broker is stopped and falls back to 0 once it returns, the reconnect is counted, and the subscription's status says the same")
    void lagCountersAndReconnects() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        p.setProperty("jms.targets.t.connection.factory", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory");
        p.setProperty("jms.targets.t.url", broker.coreUrl());
        p.setProperty("jms.targets.t.queue", "METRICS.ORDERS");
        p.setProperty("jms.targets.t.reconnect.initial.delay", "100ms");
        p.setProperty("jms.targets.t.reconnect.max.delay", "500ms");
        p.setProperty("bridge.subscriptions.orders.transport", "jms");
        p.setProperty("bridge.subscriptions.orders.read.ahead", "10");
        bridge = Bridge.start(BridgeConfig.fromProperties(p, "metrics.properties"));
        BridgeClient client = new BridgeClient(bridge.httpPort());
        String sub = client.call("GET", "/api/subscriptions", null, 200).get(0).get("id").asText();
        int port = bridge.httpPort();

        client.publish("order.created", "orders", 20);
        await("20 delivered").atMost(Duration.ofSeconds(30)).until(() -> client.committed(sub) == 20);
        await("the scrape shows them").atMost(Duration.ofSeconds(10)).until(() ->
                PrometheusScrape.of(port).value("eventbridge_subscription_acks_total", SUB, "orders") == 20);
        PrometheusScrape first = PrometheusScrape.of(port);
        assertTrue(first.contentType().startsWith("text/plain"), first.contentType());
        assertEquals(MetricType.COUNTER, first.family("eventbridge_subscription_acks_total").getType());
        assertEquals(20, first.value("eventbridge_subscription_deliveries_total", SUB, "orders", "namespace", "default"));
        assertEquals(0, first.value("eventbridge_subscription_rejects_total", SUB, "orders"));
        assertEquals(0, first.value("eventbridge_subscription_lag_events", SUB, "orders"));
        assertEquals(20, first.value("eventbridge_subscription_committed_offset", SUB, "orders"));
        assertEquals(20, first.value("eventbridge_log_events_appended_total", "namespace", "default"));
        assertEquals(20, first.value("eventbridge_log_head_sequence"));
        assertEquals(1, first.value("eventbridge_connection_up", "connection", "jms.t", "plugin", "jms"));
        assertEquals(0, first.value("eventbridge_connection_reconnects_total", "connection", "jms.t"));
        Histogram ack = (Histogram) first.samples("eventbridge_subscription_ack_seconds", SUB, "orders").get(0);
        assertEquals(20, ack.getSampleCount(), "one ack time per ack");
        assertEquals(1, first.value("eventbridge_http_requests_seconds", "route", "/api/events", "method", "POST", "status", "201"));
        assertTrue(first.value("jvm_threads_live_threads") > 0, "JVM metrics are there");

        broker.stop();
        await("the connection is down").atMost(Duration.ofSeconds(30)).until(() ->
                PrometheusScrape.of(port).value("eventbridge_connection_up", "connection", "jms.t") == 0);
        client.publish("order.created", "orders", 15);
        await("lag rises while the broker is stopped").atMost(Duration.ofSeconds(10)).until(() ->
                PrometheusScrape.of(port).value("eventbridge_subscription_lag_events", SUB, "orders") == 15);
        JsonNode down = client.call("GET", "/api/subscriptions/" + sub, null, 200);
        assertEquals(15, down.get("status").get("lag").asLong(), down.toString());
        assertTrue(down.get("connection").isNull(), down.toString());

        broker.start();
        await("lag falls back to 0 once the broker returns").atMost(Duration.ofSeconds(60)).until(() ->
                PrometheusScrape.of(port).value("eventbridge_subscription_lag_events", SUB, "orders") == 0);
        PrometheusScrape after = PrometheusScrape.of(port);
        assertEquals(35, after.value("eventbridge_subscription_acks_total", SUB, "orders"));
        assertEquals(1, after.value("eventbridge_connection_reconnects_total", "connection", "jms.t"));
        assertEquals(1, after.value("eventbridge_connection_up", "connection", "jms.t"));
        assertEquals(35, after.value("eventbridge_log_events_appended_total", "namespace", "default"));
        JsonNode up = client.call("GET", "/api/subscriptions/" + sub, null, 200);
        assertEquals(0, up.get("status").get("lag").asLong(), up.toString());
        assertEquals(35, up.get("status").get("acks").asLong(), up.toString());
        assertEquals("jms.t", up.get("connection").asText(), up.toString());

        // every metric the Grafana dashboard in the repository queries is in the scrape
        String dashboard = java.nio.file.Files.readString(Path.of("..", "observability", "grafana-dashboard.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(eventbridge_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+)").matcher(dashboard);
        java.util.Set<String> missing = new java.util.TreeSet<>();
        int names = 0;
        while (m.find()) {
            names++;
            String name = m.group(1);
            String family = name.replaceAll("_(bucket|sum|count)$", "");
            if (after.family(name) == null && after.family(family) == null) {
                missing.add(name);
            }
        }
        assertTrue(names > 10, "the dashboard queries the bridge's metrics");
        assertEquals(java.util.Set.of(), missing, "metrics the dashboard queries but the bridge does not expose");
    }

    @Test
    @DisplayName("/metrics answers OpenMetrics when asked (Accept: application/openmetrics-text), and 405 to anything but GET")
    void openMetricsWhenAsked() throws Exception {
        Properties p = new Properties();
        p.setProperty("bridge.http.port", "0");
        p.setProperty("bridge.data.dir", dir.resolve("bridge").toString());
        p.setProperty("bridge.plugins.dir", dir.resolve("no-plugins").toString());
        bridge = Bridge.start(BridgeConfig.fromProperties(p, "metrics.properties"));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + bridge.httpPort() + "/metrics");
        HttpResponse<String> om = http.send(HttpRequest.newBuilder(uri)
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, om.statusCode());
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"), om.headers().toString());
        assertTrue(om.body().strip().endsWith("# EOF"), "an OpenMetrics exposition ends with # EOF");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
