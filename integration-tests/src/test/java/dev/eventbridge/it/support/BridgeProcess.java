package dev.eventbridge.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge in a JVM of its own, started from this test's classpath with {@code Main} and a
 * properties file, its output captured in a log file. {@link #kill()} is a SIGKILL: no shutdown hook
 * runs, nothing is flushed.
 */
public final class BridgeProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Bridge started: HTTP API on http://[^:]+:(\\d+)/api");

    private final Process process;
    private final Path log;
    private volatile int port;

    private BridgeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Writes {@code config} to {@code dir/bridge.properties}, starts the bridge, waits until its HTTP API is up. */
    public static BridgeProcess start(Path dir, Properties config, String... jvmArgs) throws IOException {
        return launch(writeConfig(dir, config), dir, jvmArgs).awaitStarted(Duration.ofSeconds(60));
    }

    /** Writes {@code config} to {@code dir/bridge.properties}; returns the file. */
    public static Path writeConfig(Path dir, Properties config) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bridge.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(out, "written by BridgeProcess");
        }
        return file;
    }

    /** Starts the bridge on {@code configFile}, its log in {@code logDir}, without waiting for it: see {@link #awaitStarted}. */
    public static BridgeProcess launch(Path configFile, Path logDir, String... jvmArgs) throws IOException {
        Files.createDirectories(logDir);
        Path log = Files.createTempFile(logDir, "bridge-", ".log");
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.eventbridge.core.bridge.Main", configFile.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new BridgeProcess(p, log);
    }

    /** Waits until the HTTP API is up, failing with the log if the process exits first. */
    public BridgeProcess awaitStarted(Duration atMost) {
        await("the bridge process to start (log " + log + ")").atMost(atMost).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge process exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        return this;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends {@code signal} (STOP, CONT, ...) with {@code kill}. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    public int port() {
        return port;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The log's lines containing any of {@code texts} (case-insensitive), at most the last {@code max}, for failure messages. */
    public String logLines(int max, String... texts) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> java.util.Arrays.stream(texts)
                    .anyMatch(t -> l.toLowerCase(java.util.Locale.ROOT).contains(t.toLowerCase(java.util.Locale.ROOT)))).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - max), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the shutdown hook runs (graceful stop); a stopped (SIGSTOP) process is continued first. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException | IllegalStateException e) {
                // gone meanwhile
            }
        }
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
