package dev.eventbridge.bench.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The JMH workloads again, interleaved, for a machine whose load drifts (shared cores, other I/O on
 * the disk): every candidate open at once in its own fresh directory, then rounds in which each runs
 * the workload for {@code roundMillis}, in an order that rotates every round. A load spike hits one
 * round of every candidate instead of one candidate's whole run; each round's rate is also divided
 * by h2-bridge's in the same round, and the median of those ratios is reported.
 *
 * <pre>java -cp 'benchmarks/target/eventbridge-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     dev.eventbridge.bench.store.PairedRounds [rounds 10] [roundMillis 1000]</pre>
 */
public final class PairedRounds {

    private static final List<String> STORES = List.of("h2-bridge", "h2-lean", "sqlite", "rocksdb");

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long roundNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 1000);
        Map<String, Candidate> open = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        try {
            for (String s : STORES) {
                dirs.put(s, Workspace.fresh(s));
                open.put(s, Candidate.open(s, dirs.get(s)));
            }
            Events events = new Events();
            System.out.printf("%d rounds of %d ms per candidate, rotating order%n%n", rounds, TimeUnit.NANOSECONDS.toMillis(roundNanos));
            System.out.println("| workload | store | median | min | max | speed-up over h2-bridge (median of per-round ratios) | p99 (all rounds) |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|");
            // (a) appends of 500, then (b) appends of 1: events/s and µs per append
            for (int size : new int[] {500, 1}) {
                Map<String, double[]> rates = new LinkedHashMap<>();
                Map<String, Histogram> latency = new LinkedHashMap<>();
                for (String s : STORES) {
                    rates.put(s, new double[rounds]);
                    latency.put(s, new Histogram(TimeUnit.SECONDS.toMicros(10), 3));
                    run(open.get(s), events, size, 4 * roundNanos, null); // warm-up
                }
                for (int r = 0; r < rounds; r++) {
                    for (String s : rotated(r)) {
                        rates.get(s)[r] = run(open.get(s), events, size, roundNanos, latency.get(s));
                    }
                }
                report(size == 500 ? "(a) append 500, events/s" : "(b) append 1, µs per append", rates, latency, size == 1);
            }
            // (c) reads of 500 after a random sequence in the first 20,000 (the logs are longer by now)
            Map<String, double[]> reads = new LinkedHashMap<>();
            SplittableRandom random = new SplittableRandom(12);
            for (String s : STORES) {
                reads.put(s, new double[rounds]);
                read(open.get(s), random, 4 * roundNanos);
            }
            for (int r = 0; r < rounds; r++) {
                for (String s : rotated(r)) {
                    reads.get(s)[r] = read(open.get(s), random, roundNanos);
                }
            }
            report("(c) read 500, events/s", reads, null, false);
        } finally {
            for (Map.Entry<String, Candidate> e : open.entrySet()) {
                e.getValue().close();
            }
            dirs.values().forEach(Workspace::delete);
        }
    }

    private static List<String> rotated(int round) {
        List<String> order = new ArrayList<>(STORES);
        java.util.Collections.rotate(order, round);
        return order;
    }

    /** Appends groups of {@code size} for {@code nanos}; events/s. */
    private static double run(Candidate c, Events events, int size, long nanos, Histogram latency) throws Exception {
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        long now = start;
        while (now < end) {
            List<Events.Event> group = events.group(size);
            long t = System.nanoTime();
            c.append(group);
            now = System.nanoTime();
            if (latency != null) {
                latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(now - t), latency.getHighestTrackableValue()));
            }
            n += size;
        }
        return n * 1e9 / (now - start);
    }

    private static double read(Candidate c, SplittableRandom random, long nanos) throws Exception {
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        long sink = 0;
        long now = start;
        while (now < end) {
            sink += c.readAfter(random.nextInt(StoreReadBenchmark.LOG - StoreReadBenchmark.PAGE + 1), StoreReadBenchmark.PAGE);
            n += StoreReadBenchmark.PAGE;
            now = System.nanoTime();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return n * 1e9 / (now - start);
    }

    private static void report(String workload, Map<String, double[]> rates, Map<String, Histogram> latency, boolean asMicros) {
        double[] base = rates.get("h2-bridge");
        for (Map.Entry<String, double[]> e : rates.entrySet()) {
            double[] v = e.getValue();
            double[] ratio = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                ratio[i] = v[i] / base[i];
            }
            double[] shown = asMicros ? Arrays.stream(v).map(x -> 1e6 / x).toArray() : v.clone();
            Arrays.sort(shown);
            String p99 = latency == null ? "" : String.format("%,d µs", latency.get(e.getKey()).getValueAtPercentile(99));
            System.out.printf("| %s | %s | %,.0f | %,.0f | %,.0f | %.2f× | %s |%n", workload, e.getKey(), median(shown), shown[0],
                    shown[shown.length - 1], median(ratio), p99);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
