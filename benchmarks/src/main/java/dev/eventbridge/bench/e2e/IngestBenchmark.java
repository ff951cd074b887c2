package dev.eventbridge.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Ingest of single-event publishes: {@value #CLIENTS} keep-alive HTTP clients each sending one
 * event at a time, back to back, to a bridge on its embedded H2 store (each 201 means the event is
 * stored durably). Counts the 201s over the measured seconds after {@value #WARMUP_SECONDS} s of
 * warm-up. There is no raw-client counterpart: the target is an absolute rate.
 */
public final class IngestBenchmark {

    static final int CLIENTS = 16;
    /** Seconds of publishing before the measured part: the JIT compiles the publish path in them. */
    private static final int WARMUP_SECONDS = 5;
    private static final double TARGET = 10_000;

    private final Options options;
    private final Payloads payloads;

    public IngestBenchmark(Options options) {
        this.options = options;
        this.payloads = new Payloads(options.payload());
    }

    public Row run() throws Exception {
        String metric = String.format(Locale.ROOT, "Ingest, single-event HTTP publishes, %d keep-alive clients, %d B, %d s",
                CLIENTS, payloads.size(), options.rateSeconds());
        try (Workspace ws = new Workspace("ingest")) {
            try (BridgeFixture fixture = BridgeFixture.start(BridgeFixture.storeOnly(ws.dir("bridge")))) {
                Progress.say("Ingest: %d clients publishing single events for %d s (+%d s warm-up)", CLIENTS, options.rateSeconds(), WARMUP_SECONDS);
                AtomicLong answered = new AtomicLong();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Histogram latency = new SynchronizedHistogram(60_000_000L, 3);
                long start = System.nanoTime();
                long measureFrom = start + WARMUP_SECONDS * 1_000_000_000L;
                long end = measureFrom + options.rateSeconds() * 1_000_000_000L;
                List<Thread> clients = new ArrayList<>();
                try (Profiler p = Profiler.start(options.jfr(), "ingest")) {
                    for (int c = 0; c < CLIENTS; c++) {
                        int client = c;
                        Thread t = new Thread(() -> {
                            try (KeepAliveClient http = new KeepAliveClient("127.0.0.1", fixture.port())) {
                                byte[] request = KeepAliveClient.publishRequest("127.0.0.1", payloads.event("ingest", "client-" + client));
                                for (long now = System.nanoTime(); now < end && failure.get() == null; now = System.nanoTime()) {
                                    int status = http.send(request);
                                    if (status != 201) {
                                        throw new IllegalStateException("a publish answered " + status);
                                    }
                                    long done = System.nanoTime();
                                    if (now >= measureFrom && done <= end) {
                                        answered.incrementAndGet();
                                        latency.recordValue((done - now) / 1000);
                                    }
                                }
                            } catch (Exception e) {
                                failure.compareAndSet(null, e);
                            }
                        }, "ingest-client-" + c);
                        t.start();
                        clients.add(t);
                    }
                    for (Thread t : clients) {
                        t.join();
                    }
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("ingest failed: " + failure.get(), failure.get());
                }
                double rate = answered.get() / (double) options.rateSeconds();
                return new Row(metric, ResultTable.rate(rate) + " (publish → 201: " + LatencyBenchmark.percentiles(latency) + ")", "—", "—",
                        "≥ 10,000 ev/s", rate >= TARGET);
            }
        }
    }
}
