package dev.eventbridge.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/**
 * One scrape of a bridge's {@code GET /metrics}, parsed by a Prometheus text-format parser (Hawkular's
 * prometheus-scraper), so a test reads metric families and samples, not strings.
 */
public final class PrometheusScrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, MetricFamily> families = new HashMap<>();
    private final String contentType;

    private PrometheusScrape(byte[] body, String contentType) throws IOException {
        this.contentType = contentType;
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(body));
        MetricFamily family;
        while ((family = parser.parse()) != null) {
            families.put(family.getName(), family);
        }
    }

    /** Scrapes {@code http://127.0.0.1:<port>/metrics} in the Prometheus text format. */
    public static PrometheusScrape of(int port) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + r.statusCode());
        }
        return new PrometheusScrape(r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    public String contentType() {
        return contentType;
    }

    /** The family's samples whose labels include every {@code label=value} pair given, in pairs. */
    public List<Metric> samples(String family, String... labels) {
        MetricFamily f = families.get(family);
        List<Metric> out = new ArrayList<>();
        if (f == null) {
            return out;
        }
        for (Metric m : f.getMetrics()) {
            boolean match = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                match &= labels[i + 1].equals(m.getLabels().get(labels[i]));
            }
            if (match) {
                out.add(m);
            }
        }
        return out;
    }

    /** The value of the one counter or gauge sample of {@code family} matching {@code labels}; NaN when there is none. */
    public double value(String family, String... labels) {
        List<Metric> found = samples(family, labels);
        if (found.isEmpty()) {
            return Double.NaN;
        }
        if (found.size() > 1) {
            throw new IllegalStateException(found.size() + " samples of " + family + " match " + List.of(labels));
        }
        Metric m = found.get(0);
        if (m instanceof Counter c) {
            return c.getValue();
        }
        if (m instanceof Gauge g) {
            return g.getValue();
        }
        if (m instanceof Histogram h) {
            return h.getSampleCount();
        }
        throw new IllegalStateException(family + " is a " + m.getClass().getSimpleName());
    }

    /** The family, or null. */
    public MetricFamily family(String name) {
        return families.get(name);
    }
}
