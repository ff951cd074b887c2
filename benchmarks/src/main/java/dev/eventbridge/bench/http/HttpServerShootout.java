package dev.eventbridge.bench.http;

import dev.eventbridge.bench.e2e.Machine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts each candidate HTTP server in turn, in this JVM, serving the same {@code POST /api/events} over the same
 * group-commit log, and measures it: 16 keep-alive clients back to back (requests/s, p50, p99), the same load
 * from {@code wrk} when it is installed, then the 16 clients again beside 500 slow-loris connections. Prints a
 * Markdown table on stdout, progress on stderr.
 *
 * <pre>
 * java -cp 'benchmarks/target/eventbridge-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     dev.eventbridge.bench.http.HttpServerShootout [--servers jdk,vertx,jetty,undertow] [--seconds 10] [--warmup 5]
 *     [--clients 16] [--loris 500] [--loris-interval-ms 3000] [--commit-us 300] [--no-wrk] [--reverse]
 * </pre>
 */
public final class HttpServerShootout {

    private static final Map<String, Supplier<Candidate>> CANDIDATES = new LinkedHashMap<>();

    static {
        CANDIDATES.put("jdk", JdkCandidate::new);
        CANDIDATES.put("vertx", VertxCandidate::new);
        CANDIDATES.put("jetty", JettyCandidate::new);
        CANDIDATES.put("undertow", UndertowCandidate::new);
    }

    private HttpServerShootout() {
    }

    /** One candidate's figures. */
    private record Row(String server, KeepAliveLoad.Result plain, double meanGroup, WrkCrossCheck.Result wrk,
                       KeepAliveLoad.Result loris, String lorisSummary, String limits) {
    }

    public static void main(String[] args) throws Exception {
        // Read once, when the JDK server's classes load (as core's HttpApi does): without it Nagle and delayed ACKs add ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-benchmark.xml");
        }
        System.setProperty("vertx.disableDnsResolver", "true");
        Map<String, String> opts = parse(args);
        List<String> servers = new ArrayList<>(List.of(opts.getOrDefault("servers", String.join(",", CANDIDATES.keySet())).split(",")));
        if (opts.containsKey("reverse")) {
            Collections.reverse(servers);
        }
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "16"));
        int loris = Integer.parseInt(opts.getOrDefault("loris", "500"));
        int lorisInterval = Integer.parseInt(opts.getOrDefault("loris-interval-ms", "3000"));
        long commitMicros = Long.parseLong(opts.getOrDefault("commit-us", "300"));
        boolean wrk = !opts.containsKey("no-wrk") && WrkCrossCheck.available();
        for (String s : servers) {
            if (!CANDIDATES.containsKey(s)) {
                throw new IllegalArgumentException("unknown server '" + s + "'; known: " + CANDIDATES.keySet());
            }
        }

        List<Row> rows = new ArrayList<>();
        for (String name : servers) {
            rows.add(measure(CANDIDATES.get(name).get(), seconds, warmup, clients, loris, lorisInterval, commitMicros, wrk));
            System.gc();
            Thread.sleep(1_000);
        }

        System.out.println();
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "Order: %s. Each: %d s warm-up, %d s measured, %d keep-alive clients; group commit %d µs; "
                + "then %d slow-loris connections (1 header byte every %d ms, replaced when closed) opened 3 s before the same load.%n",
                String.join(" → ", servers), warmup, seconds, clients, commitMicros, loris, lorisInterval);
        System.out.println();
        System.out.println("| server | " + clients + " clients: req/s | p50 ms | p99 ms | CPU µs/req (JVM) | other procs (cores) | mean group "
                + "| wrk cross-check | + " + loris + " slow-loris: req/s | p50 ms | p99 ms | max ms | failed (5 s) | > 1 s (stuck at end) "
                + "| other procs (cores) | slow-loris connections |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            KeepAliveLoad.Result p = r.plain();
            KeepAliveLoad.Result l = r.loris();
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.0f | %.2f | %.1f | %s | %,.0f | %.2f | %.2f | %.0f | %d | %d (%d) | %.2f | %s |%n",
                    r.server(), p.perSecond(), p.p50Ms(), p.p99Ms(), p.cpuMicrosPerRequest(), p.otherCores(), r.meanGroup(),
                    wrk ? WrkCrossCheck.format(r.wrk()) : "not run",
                    l.perSecond(), l.p50Ms(), l.p99Ms(), l.maxMs(), l.failed(), l.slowerThan1s(), l.stuck(), l.otherCores(), r.lorisSummary());
        }
        System.out.println();
        for (Row r : rows) {
            System.out.println("- " + r.server() + ": " + r.limits());
        }
        System.out.println("- failed / over 1 s without slow-loris: "
                + rows.stream().map(r -> r.server() + " " + r.plain().failed() + " / " + r.plain().slowerThan1s()).toList());
    }

    private static Row measure(Candidate candidate, int seconds, int warmup, int clients, int loris, int lorisInterval,
                               long commitMicros, boolean wrk) throws Exception {
        progress("%s: starting (load average %.2f, this run's own threads included)", candidate.name(), Machine.loadAverage());
        try (GroupCommitLog log = new GroupCommitLog(TimeUnit.MICROSECONDS.toNanos(commitMicros))) {
            int port = candidate.start(log);
            try {
                KeepAliveLoad.Result plain = new KeepAliveLoad(port, clients).run(warmup, seconds);
                long[] counts = log.takeCounts();
                double meanGroup = counts[1] == 0 ? 0 : (double) counts[0] / counts[1];
                progress("%s: %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d failed, mean group %.1f, JVM %.2f cores, other processes %.2f cores",
                        candidate.name(), plain.perSecond(), plain.p50Ms(), plain.p99Ms(), plain.failed(), meanGroup, plain.selfCores(),
                        plain.otherCores());
                WrkCrossCheck.Result w = WrkCrossCheck.Result.missing("not run");
                if (wrk) {
                    w = WrkCrossCheck.run(port, clients, seconds);
                    progress("%s: wrk %s", candidate.name(), WrkCrossCheck.format(w));
                }
                KeepAliveLoad.Result underAttack;
                String summary;
                try (SlowLoris attack = new SlowLoris(port, loris, lorisInterval).start()) {
                    Thread.sleep(3_000);
                    underAttack = new KeepAliveLoad(port, clients).run(2, seconds);
                    summary = attack.summary();
                }
                progress("%s with %d slow-loris: %,.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.0f ms, %d failed, %d over 1 s (%d stuck at end); slow-loris: %s",
                        candidate.name(), loris, underAttack.perSecond(), underAttack.p50Ms(), underAttack.p99Ms(), underAttack.maxMs(),
                        underAttack.failed(), underAttack.slowerThan1s(), underAttack.stuck(), summary);
                return new Row(candidate.name(), plain, meanGroup, w, underAttack, summary, candidate.limits());
            } finally {
                candidate.stop();
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key = a.substring(2);
            if (key.contains("=")) {
                opts.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (key.equals("no-wrk") || key.equals("reverse")) {
                opts.put(key, "true");
            } else if (i + 1 < args.length) {
                opts.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
        }
        return opts;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[shootout] " + format + "%n", args);
    }
}
