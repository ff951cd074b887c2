package dev.eventbridge.core.bridge;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.core.config.BridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the bridge: {@code java -jar eventbridge-core.jar [bridge.properties]}. Without a file (and
 * without {@code EVENTBRIDGE_CONFIG}) it starts on embedded defaults. Exits with status 2 on a
 * configuration error, printing every problem.
 */
public final class Main {

    /** The environment variable naming the configuration file when no argument does. */
    public static final String CONFIG_ENV = "EVENTBRIDGE_CONFIG";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path path = configFile(args, System.getenv());
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

    /** The configuration file: the first argument, else {@code EVENTBRIDGE_CONFIG} when set and not empty, else none. */
    static Path configFile(String[] args, Map<String, String> env) {
        if (args.length > 0) {
            return Path.of(args[0]);
        }
        String file = env.get(CONFIG_ENV);
        return file == null || file.isEmpty() ? null : Path.of(file);
    }
}
