package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * P1 and the MQTT row: N persistent events through the bridge (published over HTTP in batches,
 * timed until the subscription's committed offset covers them all, that is until the broker
 * acknowledged every delivery) against the raw client sending N messages of the same body with
 * the same window of unconfirmed sends, on the same fresh broker in the same run. Both sides get a
 * warm-up of N/10 (at most 10,000) first; the raw side runs first. The BATCH row is P1 with the
 * subscription in batch mode ({@code batch=true}, {@code --batch-size} events per batch, 100 by
 * default, the same window): each batch is one broker transaction, one commit, against the same raw
 * async producer.
 */
public final class ThroughputBenchmark {

    private static final double TARGET = 0.9;
    private static final double BATCH_TARGET = 1.0;

    private final Options options;
    private final Payloads payloads;

    public ThroughputBenchmark(Options options) {
        this.options = options;
        this.payloads = new Payloads(options.payload());
    }

    public Row run(Transport transport) throws Exception {
        return run(transport, false);
    }

    /** As {@link #run(Transport)}; {@code batched}: the bridge's subscription sends transacted batches (BATCH row). */
    public Row run(Transport transport, boolean batched) throws Exception {
        String metric = (transport == Transport.MQTT ? "MQTT throughput, " : batched
                ? "P1 throughput with transacted batches of " + options.batchSize() + ", " : "P1 throughput, ") + transport.label() + ", "
                + String.format("%,d", options.events()) + " × " + payloads.size() + " B";
        int warmup = Math.min(10_000, Math.max(1, options.events() / 10));
        try (Workspace ws = new Workspace("throughput-" + transport.plugin())) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).start();
            try {
                String rawDestination = destination(transport, "raw");
                String bridgeDestination = destination(transport, "bridge");
                if (transport == Transport.MQTT) {
                    durableSubscriber(broker, rawDestination, bridgeDestination);
                }
                Progress.say("%s: raw client, %,d warm-up + %,d events", transport.label(), warmup, options.events());
                double raw = options.events() / seconds(rawSend(transport, broker, rawDestination, warmup));

                Progress.say("%s: bridge, %,d warm-up + %,d events", transport.label(), warmup, options.events());
                Properties config = BridgeFixture.withSubscription(
                        BridgeFixture.config(ws.dir("bridge"), transport, broker, bridgeDestination), "bench", transport, options.readAhead());
                if (batched) {
                    config.setProperty("bridge.subscriptions.bench.batch", "true");
                    config.setProperty("bridge.subscriptions.bench.batch.size", Integer.toString(options.batchSize()));
                }
                double bridge = bridgeRate(config, warmup, transport.label(), options.jfr() ? "throughput-" + transport.plugin() : null);
                if (transport != Transport.MQTT) {
                    long onQueue = broker.messageCount(bridgeDestination);
                    require(onQueue >= warmup + (long) options.events(), "only " + onQueue + " messages reached " + bridgeDestination);
                }
                double ratio = bridge / raw;
                double target = batched ? BATCH_TARGET : TARGET;
                return new Row(metric, ResultTable.rate(bridge), ResultTable.rate(raw), ResultTable.ratio(ratio),
                        batched ? "ratio ≥ 1.0" : "ratio ≥ 0.9", ratio >= target);
            } finally {
                broker.stop();
            }
        }
    }

    /**
     * Starts a bridge with {@code config} (subscription "bench"), delivers {@code warmup} events, then
     * times {@code options.events()} more from the first publish until the subscription's committed
     * offset covers them; events per second. Records the timed part with JFR into {@code jfrName} unless null.
     */
    double bridgeRate(Properties config, int warmup, String label, String jfrName) throws Exception {
        try (BridgeFixture fixture = BridgeFixture.start(config)) {
            BridgeClient client = fixture.client();
            String id = client.subscriptionId("bench");
            client.publish(payloads, "bench.warmup", warmup, 4);
            require(client.awaitCommitted(List.of(id), warmup, Duration.ofMinutes(2)), "warm-up not delivered within 2 minutes");
            try (Profiler p = Profiler.start(jfrName != null, jfrName)) {
                long start = System.nanoTime();
                client.publish(payloads, "bench", options.events(), 4);
                long published = System.nanoTime();
                Progress.say("%s: bridge published %,d events in %.1f s (committed offset then %,d)", label,
                        options.events(), seconds(published - start), client.committed(id) - warmup);
                require(client.awaitCommitted(List.of(id), warmup + (long) options.events(), Duration.ofMinutes(10)),
                        "the bridge did not deliver every event within 10 minutes");
                return options.events() / seconds(System.nanoTime() - start);
            }
        }
    }

    private long rawSend(Transport transport, EmbeddedBroker broker, String destination, int warmup) throws Exception {
        byte[] body = payloads.body();
        if (transport == Transport.MQTT) {
            try (RawMqttProducer raw = new RawMqttProducer(broker.mqttUrl(), "bench-raw", destination)) {
                raw.publishAll(warmup, body, options.window());
                long nanos = raw.publishAll(options.events(), body, options.window());
                require(raw.failures() == 0, raw.failures() + " raw publishes failed");
                return nanos;
            }
        }
        try (RawJmsProducer raw = transport == Transport.AMQP ? RawJmsProducer.qpid(broker.amqpUrl(), destination)
                : RawJmsProducer.artemis(broker.coreUrl(), destination)) {
            raw.sendAll(warmup, body, options.window());
            long nanos = raw.sendAll(options.events(), body, options.window());
            require(raw.failures() == 0, raw.failures() + " raw sends failed");
            long onQueue = broker.messageCount(destination);
            require(onQueue == warmup + (long) options.events(), "only " + onQueue + " raw messages reached " + destination);
            return nanos;
        }
    }

    private static String destination(Transport transport, String side) {
        return transport == Transport.MQTT ? "bench/" + side : "BENCH." + transport.name() + "." + side.toUpperCase();
    }

    /**
     * MQTT messages to a topic nobody subscribes to are dropped, not stored; a disconnected persistent
     * session subscribed at QoS 1 makes the broker store them durably, for both sides alike.
     */
    private static void durableSubscriber(EmbeddedBroker broker, String... topics) throws Exception {
        MqttClient sub = new MqttClient(broker.mqttUrl(), "bench-store", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        sub.connect(o);
        for (String t : topics) {
            sub.subscribe(t, 1);
        }
        sub.disconnect();
        sub.close();
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
