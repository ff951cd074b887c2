package dev.eventbridge.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A broker that runs as a service on the machine (RabbitMQ, Mosquitto) rather than inside the test
 * JVM. A test that needs one calls {@link #require} first: where the service does not answer, the
 * test is skipped with one line saying so, except under {@code CI=true}, where it fails, so that CI
 * can never pass such tests vacuously.
 */
public final class LocalService {

    private LocalService() {
    }

    /** Whether this run is CI's ({@code CI=true} in the environment). */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Checks that {@code name} accepts TCP connections at {@code host:port}; skips the test (or fails
     * it on CI) when it does not.
     */
    public static void require(String name, String host, int port) {
        if (!reachable(host, port)) {
            unavailable(name + " is not reachable at " + host + ":" + port);
        }
    }

    /** Skips the test with {@code why}, or fails it on CI. */
    public static void unavailable(String why) {
        String line = why + "; skipping (with CI=true this fails)";
        if (onCi()) {
            Assertions.fail(why + " (CI=true: tests against local services must run)");
        }
        System.err.println("SKIPPED: " + line);
        Assumptions.abort(line);
    }

    /**
     * Makes sure the local RabbitMQ has {@code plugin} enabled: when {@code works} says the feature
     * is not there, runs {@code rabbitmq-plugins enable plugin} (as the machine's RabbitMQ allows
     * for its administrator) and waits up to a minute for {@code works}; skips the test (fails on
     * CI) when that is impossible.
     */
    public static void requireRabbitMqPlugin(String plugin, BooleanSupplier works) {
        if (works.getAsBoolean()) {
            return;
        }
        String output;
        try {
            Process p = new ProcessBuilder("rabbitmq-plugins", "enable", plugin).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                unavailable("rabbitmq-plugins enable " + plugin + " did not finish within 120 s");
            }
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                unavailable("RabbitMQ's " + plugin + " plugin is off and 'rabbitmq-plugins enable " + plugin
                        + "' failed: " + output.replace('\n', ' '));
            }
        } catch (IOException e) {
            unavailable("RabbitMQ's " + plugin + " plugin is off and rabbitmq-plugins cannot run: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            Awaitility.await("RabbitMQ's " + plugin + " plugin to work").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(works::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            unavailable("RabbitMQ's " + plugin + " plugin was enabled but does not work: " + output.replace('\n', ' '));
        }
    }

    /** Whether something accepts TCP connections at {@code host:port} within one second. */
    public static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
