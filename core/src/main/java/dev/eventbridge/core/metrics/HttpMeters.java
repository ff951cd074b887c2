package dev.eventbridge.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API's requests, by route template, method and status, with their latency. Labels are
 * bounded: paths are reduced to the API's route templates ({@code /api/subscriptions/{id}}), anything
 * else is {@code unmatched}; unknown methods are {@code other}.
 */
public final class HttpMeters {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");

    private final MeterRegistry registry;
    /** The timers made so far, by route, method and status (bounded like their labels), so a request does not build one. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    HttpMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request answered with {@code status} after {@code nanos}. Any thread. */
    public void request(String method, String path, int status, long nanos) {
        String route = route(path);
        String m = METHODS.contains(method) ? method : "other";
        timers.computeIfAbsent(route + ' ' + m + ' ' + status, k -> Timer.builder("eventbridge.http.requests")
                .description("HTTP API requests, by route, method and status, with their latency")
                .tag("route", route).tag("method", m).tag("status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The route template of a raw path: {@code /api/subscriptions/{id}/offset}; {@code unmatched} for any other path. */
    static String route(String path) {
        String p = path == null ? "" : path;
        int start = p.startsWith("/") ? 1 : 0;
        String[] s = p.substring(start).split("/", -1);
        int n = s.length;
        while (n > 0 && s[n - 1].isEmpty()) {
            n--;
        }
        if (n == 1 && (s[0].equals("health") || s[0].equals("metrics"))) {
            return "/" + s[0];
        }
        if (n >= 2 && s[0].equals("api")) {
            if (s[1].equals("events") && n <= 3) {
                return n == 2 ? "/api/events" : "/api/events/{id}";
            }
            if (s[1].equals("subscriptions")) {
                if (n == 2) {
                    return "/api/subscriptions";
                }
                if (n == 3) {
                    return "/api/subscriptions/{id}";
                }
                if (n == 4 && (s[3].equals("offset") || s[3].equals("deadletters"))) {
                    return "/api/subscriptions/{id}/" + s[3];
                }
            }
        }
        return "unmatched";
    }
}
