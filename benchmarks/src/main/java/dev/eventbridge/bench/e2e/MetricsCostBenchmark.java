package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.util.Properties;

/**
 * The METRICS row: what keeping metrics costs P1. The same JMS (Artemis CORE) run as P1, through the
 * bridge with {@code bridge.metrics.enabled=true} (the "bridge" column) and with it false (the "raw"
 * column), alternating off, on, off, on on one fresh broker and taking each side's best run, so the
 * JIT's warm-up and the broker's growing journal favour neither. Target: with metrics at least 0.95
 * of the rate without (a cost under 5%).
 */
public final class MetricsCostBenchmark {

    private static final double TARGET = 0.95;

    private final Options options;
    private final Payloads payloads;
    private final ThroughputBenchmark throughput;

    public MetricsCostBenchmark(Options options) {
        this.options = options;
        this.payloads = new Payloads(options.payload());
        this.throughput = new ThroughputBenchmark(options);
    }

    public Row run() throws Exception {
        Transport transport = Transport.JMS;
        String metric = "Metrics cost on P1, " + transport.label() + ", " + String.format("%,d", options.events()) + " × "
                + payloads.size() + " B (bridge: with metrics; raw: without)";
        int warmup = Math.min(10_000, Math.max(1, options.events() / 10));
        double on = 0;
        double off = 0;
        try (Workspace ws = new Workspace("metrics-cost")) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).start();
            try {
                for (int round = 0; round < 4; round++) {
                    boolean metrics = round % 2 == 1;
                    String destination = "BENCH.METRICS." + round;
                    Properties config = BridgeFixture.withSubscription(
                            BridgeFixture.config(ws.dir("bridge-" + round), transport, broker, destination), "bench", transport,
                            options.readAhead());
                    config.setProperty("bridge.metrics.enabled", Boolean.toString(metrics));
                    Progress.say("metrics cost: round %d of 4, metrics %s, %,d warm-up + %,d events", round + 1,
                            metrics ? "on" : "off", warmup, options.events());
                    double rate = throughput.bridgeRate(config, warmup, "metrics " + (metrics ? "on" : "off"), null);
                    if (metrics) {
                        on = Math.max(on, rate);
                    } else {
                        off = Math.max(off, rate);
                    }
                }
            } finally {
                broker.stop();
            }
        }
        double ratio = on / off;
        return new Row(metric, ResultTable.rate(on), ResultTable.rate(off), ResultTable.ratio(ratio), "ratio ≥ 0.95",
                ratio >= TARGET);
    }
}
