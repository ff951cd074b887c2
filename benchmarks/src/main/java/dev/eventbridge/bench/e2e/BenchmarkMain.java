package dev.eventbridge.bench.e2e;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code bin/benchmark}: runs the end-to-end rows (P1 AMQP and JMS throughput, the same with transacted batches, P2
 * latency at two rates, single-event HTTP ingest, ingest of arrays against the raw AMQP producer, P3 fan-out, P4
 * memory, MQTT throughput, metrics cost, idle subscriptions), each on a fresh embedded Artemis and bridge store in
 * temporary directories, and prints the machine and a Markdown table on stdout (progress goes to
 * stderr). A row that fails is printed as FAILED with the reason; the exit code is 1 then.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /** The benchmark's logging configuration (warnings only), chosen over the core's logback.xml that is also on the class path. */
    static final String LOGBACK = "logback-benchmark.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        double loadBefore = Machine.loadAverage();
        if (Machine.busy(loadBefore)) {
            Progress.say("WARNING: load average %.2f on %d cores before the run: other processes may skew the figures",
                    loadBefore, Runtime.getRuntime().availableProcessors());
        }
        CpuMonitor cpu = new CpuMonitor();
        long start = System.nanoTime();
        ResultTable table = new ResultTable();
        for (String row : options.only()) {
            switch (row) {
                case "P1" -> {
                    table.add(attempt("P1 throughput, " + Transport.AMQP.label(), "ratio ≥ 0.9",
                            () -> new ThroughputBenchmark(options).run(Transport.AMQP)));
                    table.add(attempt("P1 throughput, " + Transport.JMS.label(), "ratio ≥ 0.9",
                            () -> new ThroughputBenchmark(options).run(Transport.JMS)));
                }
                case "P2" -> {
                    table.add(attempt("P2 latency", "p99 ≤ 5 ms", () -> new LatencyBenchmark(options).run(options.rate(), true)));
                    if (options.highRate() != options.rate()) {
                        table.add(attempt("P2 latency", "reported", () -> new LatencyBenchmark(options).run(options.highRate(), false)));
                    }
                }
                case "INGEST" -> table.add(attempt("Ingest", "≥ 10,000 ev/s", () -> new IngestBenchmark(options).run()));
                case "ARRAYS" -> table.add(attempt("Ingest of arrays", "ratio ≥ 2", () -> new ArrayIngestBenchmark(options).run()));
                case "P3" -> table.add(attempt("P3 fan-out", "≤ 1.2", () -> new FanOutBenchmark(options).run()));
                case "P4" -> table.add(attempt("P4 memory", "completes within 256 MB heap", () -> new MemoryBenchmark(options).run()));
                case "IDLE" -> table.add(attempt("Idle subscriptions", "< 2% of one core, < 100 threads", () -> new IdleBenchmark().run()));
                case "METRICS" -> table.add(attempt("Metrics cost on P1", "ratio ≥ 0.95", () -> new MetricsCostBenchmark(options).run()));
                case "BATCH" -> {
                    table.add(attempt("P1 throughput with transacted batches, " + Transport.JMS.label(), "ratio ≥ 1.0",
                            () -> new ThroughputBenchmark(options).run(Transport.JMS, true)));
                    table.add(attempt("P1 throughput with transacted batches, " + Transport.AMQP.label(), "ratio ≥ 1.0",
                            () -> new ThroughputBenchmark(options).run(Transport.AMQP, true)));
                }
                case "MQTT" -> table.add(attempt("MQTT throughput, " + Transport.MQTT.label(), "ratio ≥ 0.9",
                        () -> new ThroughputBenchmark(options).run(Transport.MQTT)));
                default -> throw new IllegalStateException(row);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println();
        System.out.println(Machine.describe());
        cpu.close();
        System.out.printf(Locale.ROOT, "Load average (1 min) before the run %.2f, after %.2f%n", loadBefore, Machine.loadAverage());
        System.out.println(cpu.summary());
        System.out.printf(Locale.ROOT, "Run: %s, %d min %02d s%n%n", (options.quick() ? "--quick sizes (not for figures)" : "default sizes")
                + (options.only().size() < Options.ROWS.size() ? ", rows " + String.join(",", options.only()) : ""),
                took.toMinutes(), took.toSecondsPart());
        System.out.print(table.markdown());
        System.out.flush();
        boolean failed = table.rows().stream().anyMatch(r -> r.bridge().startsWith("FAILED"));
        System.exit(failed ? 1 : 0);
    }

    private interface Benchmark {
        Row run() throws Exception;
    }

    private static Row attempt(String metric, String target, Benchmark benchmark) {
        try {
            Row row = benchmark.run();
            Progress.say("%s: bridge %s | raw %s | ratio %s", row.metric(), row.bridge(), row.raw(), row.ratio());
            return row;
        } catch (Exception | Error e) {
            Progress.say("%s FAILED: %s", metric, e);
            e.printStackTrace();
            return Row.failed(metric, target, e);
        }
    }
}
