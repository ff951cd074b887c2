package dev.eventbridge.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same closed-loop load from {@code wrk} (a C client, 2 threads, {@code clients} connections), when it is
 * on the PATH: a cross-check that the Java clients are not what limits the figures.
 */
final class WrkCrossCheck {

    /** wrk's figures, or why there are none. */
    record Result(double perSecond, String p50, String p99, long non2xx, String socketErrors, String note) {
        static Result missing(String why) {
            return new Result(Double.NaN, "-", "-", 0, "-", why);
        }
    }

    private WrkCrossCheck() {
    }

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    static Result run(int port, int clients, int seconds) throws IOException, InterruptedException {
        Path script = Files.createTempFile("publish", ".lua");
        try {
            String body = new String(Publish.REQUEST_BODY, StandardCharsets.US_ASCII).replace("\\", "\\\\").replace("\"", "\\\"");
            Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"" + Publish.CONTENT_TYPE
                    + "\"\nwrk.body = \"" + body + "\"\n");
            List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + clients, "-d" + seconds + "s", "--latency",
                    "--timeout", "5s", "-s", script.toString(), "http://127.0.0.1:" + port + Publish.PATH));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Result.missing("wrk did not finish");
            }
            double rps = Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)", "NaN"));
            String p50 = find(out, "\\s50%\\s+(\\S+)", "-");
            String p99 = find(out, "\\s99%\\s+(\\S+)", "-");
            long non2xx = Long.parseLong(find(out, "Non-2xx or 3xx responses:\\s+(\\d+)", "0"));
            String errors = find(out, "Socket errors:\\s+([^\\n]+)", "none");
            return new Result(rps, p50, p99, non2xx, errors, "");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String find(String text, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).trim() : otherwise;
    }

    static String format(Result r) {
        if (!r.note().isEmpty()) {
            return r.note();
        }
        return String.format(Locale.ROOT, "%,.0f/s, p50 %s, p99 %s%s%s", r.perSecond(), r.p50(), r.p99(),
                r.non2xx() > 0 ? ", " + r.non2xx() + " non-2xx" : "", "none".equals(r.socketErrors()) ? "" : ", socket errors " + r.socketErrors());
    }
}
