package dev.eventbridge.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
