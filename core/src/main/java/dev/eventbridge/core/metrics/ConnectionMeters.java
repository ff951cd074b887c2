package dev.eventbridge.core.metrics;

import dev.eventbridge.api.metrics.ConnectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One connection's meters, labelled {@code plugin} and {@code connection}: up (1 while registered
 * with the core), reconnects, refused log-ins and failed sends, reported by its plugin through
 * {@link ConnectionMetrics}.
 */
final class ConnectionMeters implements ConnectionMetrics {

    private final Counter reconnects;
    private final Counter loginsRefused;
    private final Counter sendsFailed;
    private final AtomicBoolean connectedBefore = new AtomicBoolean();

    ConnectionMeters(MeterRegistry registry, String plugin, String connId, BooleanSupplier up) {
        Tags tags = Tags.of("plugin", plugin, "connection", connId);
        Gauge.builder("eventbridge.connection.up", up, u -> u.getAsBoolean() ? 1 : 0)
                .description("1 while the connection is registered with the core and delivering, else 0").tags(tags).strongReference(true).register(registry);
        reconnects = Counter.builder("eventbridge.connection.reconnects")
                .description("Connections made after the first (each one follows a lost or failed connection)").tags(tags).register(registry);
        loginsRefused = Counter.builder("eventbridge.connection.logins.refused")
                .description("Connection attempts whose credentials the broker refused").tags(tags).register(registry);
        sendsFailed = Counter.builder("eventbridge.connection.sends.failed")
                .description("Sends the broker refused or left unconfirmed past send.timeout").tags(tags).register(registry);
    }

    @Override
    public void connected() {
        if (connectedBefore.getAndSet(true)) {
            reconnects.increment();
        }
    }

    @Override
    public void loginRefused() {
        loginsRefused.increment();
    }

    @Override
    public void sendFailed() {
        sendsFailed.increment();
    }
}
