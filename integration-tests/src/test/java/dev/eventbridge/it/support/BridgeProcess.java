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
    private final int port;

    private BridgeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Writes {@code config} to {@code dir/bridge.properties}, starts the bridge, waits until its HTTP API is up. */
    public static BridgeProcess start(Path dir, Properties config, String... jvmArgs) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bridge.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(out, "written by BridgeProcess");
        }
        Path log = Files.createTempFile(dir, "bridge-", ".log");
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.eventbridge.core.bridge.Main", file.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int[] port = new int[1];
        await("the bridge process to start (log " + log + ")").atMost(Duration.ofSeconds(60)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("the bridge process exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        return new BridgeProcess(p, log, port[0]);
    }

    public int port() {
        return port;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the shutdown hook runs (graceful stop). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
