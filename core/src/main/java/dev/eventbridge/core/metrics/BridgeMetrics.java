package dev.eventbridge.core.metrics;

import dev.eventbridge.api.metrics.ConnectionMetrics;
import dev.eventbridge.api.subscription.SubscriptionRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The bridge's meter registry (Prometheus) and the meters of its parts. Meter names follow
 * Prometheus conventions once rendered: prefix {@code eventbridge_}, base units (seconds, events),
 * {@code _total} for counters. Labels are bounded by what the operator creates: namespaces,
 * subscriptions and connections. Thread-safe.
 */
public final class BridgeMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Map<UUID, SubscriptionMeters> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, ConnectionMeters> connections = new ConcurrentHashMap<>();
    private final HttpMeters http;
    private final JvmGcMetrics gc;
    private volatile LogMeters log;

    private BridgeMetrics(boolean jvm, boolean enabled) {
        this.prometheus = enabled ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
        // with no registry added, a composite registry's meters do nothing: the cost of metrics switched off
        this.registry = enabled ? prometheus : new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
        this.http = new HttpMeters(registry);
        if (jvm && enabled) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
        } else {
            gc = null;
        }
    }

    /** The bridge's metrics, with the JVM's and the process's (memory, GC, threads, CPU, uptime, files). */
    public static BridgeMetrics withJvm() {
        return new BridgeMetrics(true, true);
    }

    /** Only the bridge's own metrics (for an engine embedded in tests). */
    public static BridgeMetrics bridgeOnly() {
        return new BridgeMetrics(false, true);
    }

    /** Metrics switched off ({@code bridge.metrics.enabled=false}): every meter does nothing, counts read 0, no scrape. */
    public static BridgeMetrics disabled() {
        return new BridgeMetrics(false, false);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A scrape in the exposition format {@code accept} asks for: Prometheus text by default, OpenMetrics
     * or protobuf when asked; empty when metrics are switched off.
     */
    public Optional<Scrape> scrape(String accept) {
        if (prometheus == null) {
            return Optional.empty();
        }
        ExpositionFormatWriter writer = formats.findWriter(accept);
        String type = writer.getContentType();
        return Optional.of(new Scrape(type, prometheus.scrape(type).getBytes(StandardCharsets.UTF_8)));
    }

    /** A rendered scrape. */
    public record Scrape(String contentType, byte[] body) {
    }

    /** The event log's meters, made once with {@code head} as the log's newest sequence. */
    public synchronized LogMeters log(LongSupplier head) {
        if (log == null) {
            log = new LogMeters(registry, head);
        }
        return log;
    }

    /**
     * The meters of subscription {@code ref}, made on first use with {@code committed} as its
     * committed offset and {@code head} as the log's newest sequence.
     */
    public SubscriptionMeters subscription(SubscriptionRef ref, LongSupplier committed, LongSupplier head) {
        return subscriptions.computeIfAbsent(ref.id(), id -> new SubscriptionMeters(registry, ref, committed.getAsLong(), head));
    }

    /** The meters of subscription {@code id}, if it has any. */
    public Optional<SubscriptionMeters> subscription(UUID id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    /** Every subscription's meters, by subscription id. */
    public Map<UUID, SubscriptionMeters> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    /** Drops the meters of a deleted or ended subscription. */
    public void forget(UUID subscriptionId) {
        SubscriptionMeters m = subscriptions.remove(subscriptionId);
        if (m != null) {
            m.remove();
        }
    }

    /** The meters of connection {@code connId} of {@code plugin}; {@code up} says whether it is registered now. */
    public ConnectionMetrics connection(String plugin, String connId, BooleanSupplier up) {
        return connections.computeIfAbsent(plugin + "\u0000" + connId, k -> new ConnectionMeters(registry, plugin, connId, up));
    }

    public HttpMeters http() {
        return http;
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
