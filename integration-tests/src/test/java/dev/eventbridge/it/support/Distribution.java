package dev.eventbridge.it.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The distribution as a user gets it: the tarball the build attaches, unpacked with {@code tar}
 * into a test folder, and {@code bin/bridge} run as processes of their own (Java alone, no Maven),
 * each with its output in a log file. Closing it kills whatever is still running.
 */
public final class Distribution implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Bridge started: HTTP API on http://[^:]+:(\\d+)/api");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final List<Process> processes = new ArrayList<>();

    private Distribution(Path home) {
        this.home = home;
    }

    /** Unpacks the build's tarball into {@code dir/install}. */
    public static Distribution unpack(Path dir) throws Exception {
        Path tarball = Path.of(property("eventbridge.distribution.tarball"));
        assertTrue(Files.isRegularFile(tarball), "the distribution tarball: " + tarball);
        Path into = Files.createDirectories(dir.resolve("install"));
        Path tarLog = dir.resolve("tar.log");
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
                .redirectErrorStream(true).redirectOutput(tarLog.toFile()).start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar finished");
        assertEquals(0, tar.exitValue(), () -> "tar failed: " + read(tarLog));
        try (Stream<Path> top = Files.list(into)) {
            List<Path> entries = top.toList();
            assertEquals(1, entries.size(), "one top folder in the tarball: " + entries);
            Path home = entries.get(0);
            assertTrue(home.getFileName().toString().startsWith("eventbridge-"), home.toString());
            return new Distribution(home);
        }
    }

    /** The installation folder (bin/, lib/, plugins/, config/). */
    public Path home() {
        return home;
    }

    /** Writes {@code config} to {@code file}, creating its folder. */
    public static Path write(Path file, Properties config) throws IOException {
        Files.createDirectories(file.getParent());
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(out, "written by the integration tests");
        }
        return file;
    }

    /** Runs {@code bin/bridge args} in {@code cwd}, output to {@code log}, with Java from this JVM and no inherited JVM or bridge settings. */
    public Process bridge(Path cwd, Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/bridge").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("EVENTBRIDGE_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("CLASSPATH"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        environment.putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits for the start-up line; returns the HTTP port it names. */
    public static int awaitStarted(Process p, Path log) {
        int[] port = new int[1];
        await("the bridge to start").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Matcher m = STARTED.matcher(read(log));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            assertTrue(p.isAlive(), "the bridge process is running (it exited)");
            return false;
        });
        return port[0];
    }

    /** SIGTERM, as a service manager stops it: the process must exit by itself. */
    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the bridge exits on SIGTERM");
        assertFalse(p.isAlive());
    }

    /** A check that may throw. */
    public interface Check {
        void run() throws Exception;
    }

    /** Runs {@code check}; if it fails, prints the bridge's output first. */
    public static void onFailure(Path log, Check check) throws Exception {
        try {
            check.run();
        } catch (Exception | AssertionError e) {
            System.out.println("---- bin/bridge output (" + log + ") ----\n" + read(log) + "---- end of bin/bridge output ----");
            throw e;
        }
    }

    /** A path or value the build passes in (integration-tests/pom.xml, surefire's systemPropertyVariables). */
    public static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank() && !value.contains("${"), name + " is set by the Maven build: " + value);
        return value;
    }

    /** The file's text, or "" when it does not exist. */
    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
