package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.util.Locale;

/**
 * Ingest of event arrays against the raw AMQP producer (issue 12 item 2): the bridge, with no
 * target, stores N events published over HTTP in arrays of {@value #PER_REQUEST} with
 * {@value #CONCURRENCY} requests outstanding (timed from the first request to the last 201, each
 * 201 meaning the array is on disk); the raw side is Qpid JMS sending N persistent messages of the
 * same body asynchronously with the benchmark's window to a fresh embedded Artemis. Both get a
 * warm-up of N/10 (at most 10,000) first; the raw side runs first. Target: the bridge takes events
 * at twice the rate the broker takes them, so ingest is never what holds a delivery back.
 */
public final class ArrayIngestBenchmark {

    static final int PER_REQUEST = 500;
    static final int CONCURRENCY = 4;
    private static final double TARGET = 2.0;

    private final Options options;
    private final Payloads payloads;

    public ArrayIngestBenchmark(Options options) {
        this.options = options;
        this.payloads = new Payloads(options.payload());
    }

    public Row run() throws Exception {
        String metric = String.format(Locale.ROOT, "Ingest, HTTP arrays of %d × %d B, %d requests outstanding, %,d events, "
                + "vs the raw AMQP producer", PER_REQUEST, payloads.size(), CONCURRENCY, options.events());
        int warmup = Math.min(10_000, Math.max(1, options.events() / 10));
        try (Workspace ws = new Workspace("ingest-arrays")) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).start();
            double raw;
            try {
                Progress.say("Ingest arrays: raw AMQP producer, %,d warm-up + %,d messages", warmup, options.events());
                try (RawJmsProducer producer = RawJmsProducer.qpid(broker.amqpUrl(), "BENCH.INGEST.RAW")) {
                    producer.sendAll(warmup, payloads.body(), options.window());
                    raw = options.events() / ThroughputBenchmark.seconds(producer.sendAll(options.events(), payloads.body(), options.window()));
                    ThroughputBenchmark.require(producer.failures() == 0, producer.failures() + " raw sends failed");
                }
            } finally {
                broker.stop();
            }
            double bridge;
            try (BridgeFixture fixture = BridgeFixture.start(BridgeFixture.storeOnly(ws.dir("bridge")))) {
                BridgeClient client = fixture.client();
                Progress.say("Ingest arrays: bridge, %,d warm-up + %,d events", warmup, options.events());
                client.publish(payloads, "ingest.warmup", warmup, CONCURRENCY, PER_REQUEST);
                try (Profiler p = Profiler.start(options.jfr(), "ingest-arrays")) {
                    long start = System.nanoTime();
                    client.publish(payloads, "ingest", options.events(), CONCURRENCY, PER_REQUEST);
                    bridge = options.events() / ThroughputBenchmark.seconds(System.nanoTime() - start);
                }
            }
            double ratio = bridge / raw;
            return new Row(metric, ResultTable.rate(bridge), ResultTable.rate(raw), ResultTable.ratio(ratio), "ratio ≥ 2",
                    ratio >= TARGET);
        }
    }
}
