package dev.eventbridge.core.bridge;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.core.config.BridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the bridge: {@code java -jar eventbridge-core.jar [bridge.properties]}. Without a file (and
 * without {@code EVENTBRIDGE_CONFIG}) it starts on embedded defaults. Exits with status 2 on a
 * configuration error, printing every problem.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : System.getenv("EVENTBRIDGE_CONFIG");
        Path path = file == null ? null : Path.of(file);
        if (path != null && !Files.isRegularFile(path)) {
            System.err.println("Configuration file not found: " + path.toAbsolutePath());
            System.exit(2);
        }
        Bridge bridge;
        try {
            bridge = Bridge.start(BridgeConfig.load(path, System.getenv()));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "eventbridge-shutdown"));
        stopped.await();
    }
}
