package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * P4: a backlog of small events drained by one subscription from the oldest event, with the bridge
 * in a child JVM capped at {@code -Xmx256m} (and {@code -XX:+ExitOnOutOfMemoryError}, so running
 * out of heap ends the row as failed). The broker stays in this JVM. The backlog is appended inside
 * the child through the engine (log writer and store, 2,000 events a call; only HTTP is skipped, to
 * keep the run short) before the subscription exists; the drain is timed from creating the
 * subscription to its committed offset covering the backlog. Peak heap comes from sampling in the
 * child ({@link HeapSampler}), over the whole life of the bridge.
 */
public final class MemoryBenchmark {

    static final String HEAP = "256m";
    private static final long HEAP_BYTES = 256L * 1024 * 1024;

    private final Options options;

    public MemoryBenchmark(Options options) {
        this.options = options;
    }

    public Row run() throws Exception {
        Payloads payloads = new Payloads(options.backlogPayload());
        String metric = String.format(Locale.ROOT, "P4 memory: drain a backlog of %,d × %d B events, AMQP, bridge at -Xmx%s",
                options.backlog(), payloads.size(), HEAP);
        try (Workspace ws = new Workspace("memory")) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).start();
            Path stderr = ws.dir("bridge-stderr.log");
            Files.createDirectories(ws.dir("bridge"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-Dlogback.configurationFile=" + BenchmarkMain.LOGBACK));
            if (options.jfr()) {
                command.add("-XX:StartFlightRecording=filename=" + Path.of("benchmark-memory.jfr").toAbsolutePath() + ",settings=profile");
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BridgeProcessMain.class.getName(), broker.amqpUrl(),
                    ws.dir("bridge").toString(), "BENCH.BACKLOG"));
            Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                String ready = expect(out, "READY", child, stderr);
                BridgeClient client = new BridgeClient("http://127.0.0.1:" + ready.split(" ")[1]);

                Progress.say("P4: appending a backlog of %,d events in the bridge JVM (-Xmx%s)", options.backlog(), HEAP);
                in.write("publish " + options.backlog() + " " + payloads.size() + "\n");
                in.flush();
                long publishNanos = Long.parseLong(expect(out, "PUBLISHED", child, stderr).split(" ")[1]);
                double publishRate = options.backlog() / ThroughputBenchmark.seconds(publishNanos);
                long[] publishPeaks = peaks(in, out, child, stderr);

                Progress.say("P4: draining it through one subscription from the oldest event");
                long start = System.nanoTime();
                String id = client.createSubscription("drain", Transport.AMQP, options.readAhead());
                boolean done = client.awaitCommitted(List.of(id), options.backlog(), Duration.ofMinutes(10));
                double drainRate = options.backlog() / ThroughputBenchmark.seconds(System.nanoTime() - start);
                ThroughputBenchmark.require(done, "the backlog was not drained within 10 minutes");
                long[] drainPeaks = peaks(in, out, child, stderr);
                long onQueue = broker.messageCount("BENCH.BACKLOG");
                ThroughputBenchmark.require(onQueue >= options.backlog(), "only " + onQueue + " messages reached BENCH.BACKLOG");
                in.write("exit\n");
                in.flush();
                child.waitFor();

                long peakUsed = Math.max(publishPeaks[0], drainPeaks[0]);
                String bridge = String.format(Locale.ROOT, "completed; drain %s (backlog appended at %s); peak heap used %s while draining (%s live after GC), "
                                + "%s while publishing (%s after GC), of %s max", ResultTable.rate(drainRate), ResultTable.rate(publishRate),
                        ResultTable.megabytes(drainPeaks[0]), ResultTable.megabytes(drainPeaks[1]), ResultTable.megabytes(publishPeaks[0]),
                        ResultTable.megabytes(publishPeaks[1]), ResultTable.megabytes(drainPeaks[2]));
                return new Row(metric, bridge, "—", "—", "completes within 256 MB heap", peakUsed <= HEAP_BYTES);
            } catch (Exception e) {
                if (child.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the bridge JVM ended with exit code " + child.exitValue() + ": " + tail(stderr), e);
                }
                throw e;
            } finally {
                child.destroyForcibly();
                child.waitFor();
                broker.stop();
            }
        }
    }

    private static long[] peaks(Writer in, BufferedReader out, Process child, Path stderr) throws IOException {
        in.write("peaks\n");
        in.flush();
        String[] p = expect(out, "PEAKS", child, stderr).split(" ");
        return new long[] {Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])};
    }

    private static String tail(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    /** The next stdout line of the child starting with {@code prefix}; fails with the child's stderr tail if it died. */
    private static String expect(BufferedReader out, String prefix, Process child, Path stderr) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        String tail = tail(stderr);
        Integer code = null;
        try {
            code = child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) ? child.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the bridge JVM ended (exit " + code + ") before answering " + prefix + ": " + tail);
    }
}
