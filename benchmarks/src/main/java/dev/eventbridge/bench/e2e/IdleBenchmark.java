package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The idle row: 1,000 durable subscriptions, all assigned to a connected AMQP target, no events. The
 * bridge runs in a child JVM (the broker stays here), so its CPU time and thread count are its own,
 * read from {@code /proc/<pid>}: CPU over {@value #MEASURE_SECONDS} s once every subscription is
 * delivered by the connection, and the JVM's live threads then (and before the subscriptions, for
 * comparison). Targets: under 2% of one core and under 100 threads.
 */
public final class IdleBenchmark {

    static final int SUBSCRIPTIONS = 1000;
    private static final int MEASURE_SECONDS = 20;
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    public Row run() throws Exception {
        String metric = String.format(Locale.ROOT, "Idle: %,d subscriptions assigned to a connected AMQP target, no events, bridge JVM", SUBSCRIPTIONS);
        try (Workspace ws = new Workspace("idle")) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).start();
            Path stderr = ws.dir("bridge-stderr.log");
            Files.createDirectories(ws.dir("bridge"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dlogback.configurationFile=" + BenchmarkMain.LOGBACK, "-cp", System.getProperty("java.class.path"),
                    BridgeProcessMain.class.getName(), broker.amqpUrl(), ws.dir("bridge").toString(), "BENCH.IDLE"));
            Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                String ready = out.readLine();
                ThroughputBenchmark.require(ready != null && ready.startsWith("READY"), "the bridge JVM did not start: " + Files.readString(stderr));
                BridgeClient client = new BridgeClient("http://127.0.0.1:" + ready.split(" ")[1]);
                long pid = child.pid();
                int threadsBefore = threads(pid);
                Progress.say("idle: creating %,d subscriptions", SUBSCRIPTIONS);
                for (int i = 0; i < SUBSCRIPTIONS; i++) {
                    client.createSubscription("idle-" + i, Transport.AMQP, 0);
                }
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (client.dispatching() < SUBSCRIPTIONS) {
                    ThroughputBenchmark.require(System.nanoTime() < deadline, "not every subscription was assigned within 2 minutes");
                    Thread.sleep(500); // polling the bridge's own API for a state it reports; not a stand-in for a condition in a test
                }
                Thread.sleep(2000); // let start-up work (JIT, first reads) settle before measuring idle cost
                Progress.say("idle: measuring the bridge JVM's CPU for %d s", MEASURE_SECONDS);
                long ticks0 = cpuTicks(pid);
                long t0 = System.nanoTime();
                Thread.sleep(MEASURE_SECONDS * 1000L);
                long ticks1 = cpuTicks(pid);
                double seconds = ThroughputBenchmark.seconds(System.nanoTime() - t0);
                double cpuPercent = 100.0 * (ticks1 - ticks0) / TICKS_PER_SECOND / seconds;
                int threads = threads(pid);
                in.write("exit\n");
                in.flush();
                child.waitFor();
                String bridge = String.format(Locale.ROOT, "%.2f%% of one core, %d threads (%d before the subscriptions)", cpuPercent,
                        threads, threadsBefore);
                return new Row(metric, bridge, "—", "—", "< 2% of one core, < 100 threads", cpuPercent < 2.0 && threads < 100);
            } finally {
                child.destroyForcibly();
                child.waitFor();
                broker.stop();
            }
        }
    }

    /** User plus system CPU time of process {@code pid}, in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Live threads of process {@code pid} ({@code Threads:} in {@code /proc/<pid>/status}). */
    private static int threads(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        throw new IllegalStateException("no thread count for process " + pid);
    }
}
