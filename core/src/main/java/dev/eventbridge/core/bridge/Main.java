package dev.eventbridge.core.bridge;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.plugin.PluginLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs the bridge: {@code java -cp 'lib/*' dev.eventbridge.core.bridge.Main [bridge.properties]}. The
 * file is the argument, else {@code EVENTBRIDGE_CONFIG}; without either it starts on embedded
 * defaults. A configuration error or a plugin that cannot be loaded prints its message (no stack
 * trace) and exits with status 2; any other start-up failure is logged with its stack trace and
 * exits with status 1. Either way the JVM ends, whatever threads a plugin started.
 */
public final class Main {

    /** The environment variable naming the configuration file when no argument does. */
    public static final String CONFIG_ENV = "EVENTBRIDGE_CONFIG";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        Path path = configFile(args, env);
        if (path != null && !Files.isRegularFile(path)) {
            System.err.println("Configuration file not found: " + path.toAbsolutePath());
            System.exit(2);
        }
        Bridge bridge;
        try {
            bridge = Bridge.start(BridgeConfig.load(path, env));
        } catch (ConfigException | PluginLoadException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (Throwable e) {
            PluginLoadException plugin = pluginLoadCause(e);
            if (plugin != null) {
                System.err.println(plugin.getMessage());
                System.exit(2);
            }
            LoggerFactory.getLogger(Main.class).error("The bridge failed to start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "eventbridge-shutdown"));
        stopped.await();
    }

    /** A {@link PluginLoadException} that {@code Bridge.start} wrapped as a plugin that failed to start, or null. */
    private static PluginLoadException pluginLoadCause(Throwable e) {
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 10; depth++, c = c.getCause()) {
            if (c instanceof PluginLoadException p) {
                return p;
            }
        }
        return null;
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
