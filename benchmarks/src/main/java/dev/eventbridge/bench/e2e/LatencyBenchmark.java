package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * P2: publish → broker-accepted latency at a fixed offered rate. The raw side is Qpid JMS sending
 * persistent messages asynchronously at the rate (send start → the broker routed it); the bridge
 * side is one HTTP publish of a single event per step, sent by a pool of {@value #HTTP_CONNECTIONS}
 * keep-alive connections ({@link KeepAliveClient}) (step due → the broker routed the amqp plugin's message), with one subscription (readAhead = window - 1) waiting at the head of the
 * log. The first 5 s of each side are warm-up, not recorded; the measured part starts on a fresh schedule once
 * every warm-up send was answered, so that it does not inherit the warm-up's backlog.
 */
public final class LatencyBenchmark {

    private static final long TARGET_P99_MICROS = 5_000;
    /** Seconds at the rate before the measured part, which starts once everything sent in them was answered. */
    private static final int WARMUP_SECONDS = 5;
    /**
     * Publishers on the bridge side: each sends one request at a time on its own keep-alive
     * connection, as a client pool would. When all are busy the next publish waits for one; its
     * latency still counts from when it was due, so a bridge that falls behind shows it.
     */
    private static final int HTTP_CONNECTIONS = 16;

    private final Options options;
    private final Payloads payloads;

    public LatencyBenchmark(Options options) {
        this.options = options;
        this.payloads = new Payloads(options.payload());
    }

    /**
     * Runs both sides at {@code rate}; with {@code targeted} the row is judged against p99 ≤ 5 ms,
     * otherwise only reported.
     */
    public Row run(int rate, boolean targeted) throws Exception {
        int warmup = rate * WARMUP_SECONDS;
        int total = warmup + rate * options.rateSeconds();
        int measured = total - warmup;
        String metric = String.format(Locale.ROOT, "P2 latency publish → broker-accepted, AMQP, %,d ev/s × %d s, %d B", rate,
                options.rateSeconds(), payloads.size());
        LatencyProbe probe = new LatencyProbe(total);
        try (Workspace ws = new Workspace("latency")) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).onRouted(probe).start();
            try {
                Progress.say("P2: raw Qpid JMS producer at %,d ev/s for %d s", rate, WARMUP_SECONDS + options.rateSeconds());
                Histogram raw;
                String rawRate;
                try (RawJmsProducer producer = RawJmsProducer.qpid(broker.amqpUrl(), "BENCH.P2.RAW")) {
                    byte[] body = payloads.body();
                    probe.arm("BENCH.P2.RAW", LatencyProbe.REFERENCE_PROPERTY, warmup);
                    RatePacer pacer = new RatePacer(rate);
                    for (int i = 0; i < total; i++) {
                        if (i == warmup) {
                            producer.awaitIdle(60); // the measured part starts on a settled producer
                            pacer = new RatePacer(rate);
                        }
                        pacer.awaitStep(i < warmup ? i : i - warmup);
                        probe.sending(i);
                        producer.send(body, LatencyProbe.reference(i));
                    }
                    rawRate = offered(pacer, measured);
                    raw = awaitRecorded(probe, measured);
                    ThroughputBenchmark.require(producer.failures() == 0, producer.failures() + " raw sends failed");
                }

                Progress.say("P2: bridge (HTTP publish, amqp plugin) at %,d ev/s for %d s", rate,
                        WARMUP_SECONDS + options.rateSeconds());
                Properties config = BridgeFixture.withSubscription(
                        BridgeFixture.config(ws.dir("bridge"), Transport.AMQP, broker, "BENCH.P2.BRIDGE"), "latency", Transport.AMQP,
                        options.readAhead());
                Histogram bridge;
                String bridgeRate;
                String publishAnswered;
                try (BridgeFixture fixture = BridgeFixture.start(config)) {
                    fixture.client().subscriptionId("latency");
                    List<KeepAliveClient> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
                    ThreadLocal<KeepAliveClient> connection = ThreadLocal.withInitial(() -> {
                        try {
                            KeepAliveClient c = new KeepAliveClient("127.0.0.1", fixture.port());
                            connections.add(c);
                            return c;
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    probe.arm("BENCH.P2.BRIDGE", "cloudEvents_reference", warmup);
                    List<CompletableFuture<Integer>> answers = new ArrayList<>(total);
                    ExecutorService senders = Executors.newFixedThreadPool(HTTP_CONNECTIONS, r -> {
                        Thread t = new Thread(r, "p2-publisher");
                        t.setDaemon(true);
                        return t;
                    });
                    Histogram answered = new SynchronizedHistogram(600_000_000L, 3);
                    RatePacer pacer = new RatePacer(rate);
                    try (Profiler p = Profiler.start(options.jfr(), "latency")) {
                        for (int i = 0; i < total; i++) {
                            String event = payloads.event("latency", LatencyProbe.reference(i));
                            byte[] request = KeepAliveClient.publishRequest("127.0.0.1", event);
                            if (i == warmup) {
                                // the measured part starts on a settled bridge: the warm-up's backlog (a cold JIT
                                // serves fewer than 1,000 publishes/s for its first seconds) must not count in it
                                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                                pacer = new RatePacer(rate);
                            }
                            pacer.awaitStep(i < warmup ? i : i - warmup);
                            probe.sending(i);
                            long sent = System.nanoTime();
                            boolean measure = i >= warmup;
                            answers.add(CompletableFuture.supplyAsync(() -> {
                                try {
                                    KeepAliveClient http = connection.get();
                                    int status = http.send(request);
                                    if (measure) {
                                        answered.recordValue((System.nanoTime() - sent) / 1000);
                                    }
                                    return status;
                                } catch (Exception e) {
                                    throw new CompletionException(e);
                                }
                            }, senders));
                        }
                        bridgeRate = offered(pacer, measured);
                        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                        long refused = answers.stream().filter(a -> a.join() != 201).count();
                        ThroughputBenchmark.require(refused == 0, refused + " publishes were not answered 201");
                        bridge = awaitRecorded(probe, measured);
                    }
                    senders.shutdown();
                    for (KeepAliveClient c : connections) {
                        c.close();
                    }
                    publishAnswered = percentiles(answered);
                    Progress.say("P2: bridge publish → HTTP 201 (stored): %s; publish → broker-accepted: %s", publishAnswered,
                            percentiles(bridge));
                }
                long bridgeP99 = bridge.getValueAtPercentile(99.0);
                return new Row(metric, percentiles(bridge) + " (offered " + bridgeRate + "; publish → HTTP 201: " + publishAnswered + ")", percentiles(raw) + " (offered " + rawRate + ")",
                        "p99 " + ResultTable.ratio((double) bridgeP99 / Math.max(1, raw.getValueAtPercentile(99.0))),
                        targeted ? "p99 ≤ 5 ms" : "reported", targeted ? bridgeP99 <= TARGET_P99_MICROS : null);
            } finally {
                broker.stop();
            }
        }
    }

    private static String offered(RatePacer pacer, int steps) {
        return ResultTable.rate(pacer.achievedRate(steps));
    }

    /** Waits (at most 60 s) until every measured message was routed, then returns the histogram. */
    private static Histogram awaitRecorded(LatencyProbe probe, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (probe.histogram().getTotalCount() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + probe.histogram().getTotalCount() + " of " + expected
                        + " measured messages reached the broker within 60 s");
            }
            Thread.sleep(20);
        }
        return probe.histogram();
    }

    static String percentiles(Histogram h) {
        return "p50 " + ResultTable.millis(h.getValueAtPercentile(50.0)) + ", p99 " + ResultTable.millis(h.getValueAtPercentile(99.0))
                + ", p99.9 " + ResultTable.millis(h.getValueAtPercentile(99.9));
    }
}
