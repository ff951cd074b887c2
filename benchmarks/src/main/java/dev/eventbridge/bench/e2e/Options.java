package dev.eventbridge.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's command-line flags. Defaults are the sizes the issue asks for; {@code --quick}
 * shrinks every size so that a whole run takes well under a minute (for trying the benchmark out,
 * not for figures).
 */
public record Options(int events, int payload, int rate, int highRate, int rateSeconds, int subs, int fanoutEvents, int backlog,
                      int backlogPayload, int window, int batchSize, Set<String> only, boolean quick, boolean jfr) {

    /** Every row, in the order they are run and printed. */
    public static final List<String> ROWS = List.of("P1", "BATCH", "P2", "INGEST", "ARRAYS", "P3", "P4", "MQTT", "METRICS", "IDLE");

    public static final String USAGE = """
            usage: bin/benchmark [flags]
              --events N        P1, BATCH, ARRAYS, MQTT and METRICS: events per side (default 100000)
              --payload BYTES   P1, BATCH, P2, MQTT: size of each event's JSON data array (default 1024)
              --rate N          P2: offered rate, events/s (default 1000)
              --high-rate N     P2: the second, higher offered rate (default 5000; equal to --rate for one row)
              --seconds N       P2 and INGEST: measured seconds per side, after 5 s of warm-up (default 10)
              --subs N          P3: subscriptions in the fan-out case (default 100)
              --fanout-events N P3: events every subscription delivers (default 2000)
              --backlog N       P4: backlog drained under -Xmx256m (default 1000000)
              --window N        deliveries/sends in flight, bridge (readAhead+1) and raw producer alike (default 1000)
              --batch-size N    BATCH: the bridge subscription's batch.size (default 100; at most the window)
              --only LIST       rows to run, comma-separated from P1,BATCH,P2,INGEST,ARRAYS,P3,P4,MQTT,METRICS,IDLE (default all)
              --quick           small sizes for a trial run (events 5000, 3 s at the rate, 10 subs x 500, backlog 50000)
              --jfr             record the bridge side of each row with Java Flight Recorder into ./benchmark-*.jfr
            """;

    public static Options parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int events = quick ? 5_000 : 100_000;
        int payload = 1024;
        int rate = 1000;
        int highRate = 5000;
        int seconds = quick ? 3 : 10;
        int subs = quick ? 10 : 100;
        int fanoutEvents = quick ? 500 : 2_000;
        int backlog = quick ? 50_000 : 1_000_000;
        int window = 1000;
        int batchSize = 100;
        boolean jfr = false;
        Set<String> only = new LinkedHashSet<>(ROWS);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--jfr" -> jfr = true;
                case "--events" -> events = positive(a, value(args, ++i, a));
                case "--payload" -> payload = positive(a, value(args, ++i, a));
                case "--rate" -> rate = positive(a, value(args, ++i, a));
                case "--high-rate" -> highRate = positive(a, value(args, ++i, a));
                case "--seconds" -> seconds = positive(a, value(args, ++i, a));
                case "--subs" -> subs = positive(a, value(args, ++i, a));
                case "--fanout-events" -> fanoutEvents = positive(a, value(args, ++i, a));
                case "--backlog" -> backlog = positive(a, value(args, ++i, a));
                case "--window" -> window = positive(a, value(args, ++i, a));
                case "--batch-size" -> batchSize = positive(a, value(args, ++i, a));
                case "--only" -> {
                    only = new LinkedHashSet<>();
                    for (String r : value(args, ++i, a).split(",")) {
                        String row = r.trim().toUpperCase(Locale.ROOT);
                        if (!ROWS.contains(row)) {
                            throw new IllegalArgumentException("--only: unknown row '" + r + "'; rows are " + String.join(",", ROWS));
                        }
                        only.add(row);
                    }
                }
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown flag '" + a + "'");
            }
        }
        if (payload < 16) {
            throw new IllegalArgumentException("--payload must be at least 16 bytes");
        }
        if (window > 65_536) {
            throw new IllegalArgumentException("--window must be at most 65536 (the bridge's readAhead is at most 65535)");
        }
        List<String> ordered = new ArrayList<>(ROWS);
        ordered.retainAll(only);
        return new Options(events, payload, rate, highRate, seconds, subs, fanoutEvents, backlog, 100, window, Math.min(batchSize, window), new LinkedHashSet<>(ordered),
                quick, jfr);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int positive(String flag, String value) {
        int n;
        try {
            n = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": not a number: " + value);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, was " + n);
        }
        return n;
    }

    /** The subscription's readAhead that gives {@link #window()} deliveries in flight. */
    public int readAhead() {
        return window - 1;
    }
}
