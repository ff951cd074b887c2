package dev.eventbridge.core.bridge;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.plugin.PluginLoadException;
import dev.eventbridge.core.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs the bridge: {@code java -cp 'lib/*' dev.eventbridge.core.bridge.Main [bridge.properties]}. The
 * file is the argument, else {@code EVENTBRIDGE_CONFIG}; without either it starts on embedded
 * defaults. A configuration error or a plugin that cannot be loaded prints its message (no stack
 * trace) and exits with status 2; a store that cannot be opened logs one line and exits with status
 * 1; any other start-up failure logs one line naming it, then its stack trace, and exits with status
 * 1. Either way the JVM ends, whatever threads a plugin started and whatever hangs: if exiting
 * itself does not finish within {@link #HALT_AFTER}, the JVM is halted.
 */
public final class Main {

    /** The environment variable naming the configuration file when no argument does. */
    public static final String CONFIG_ENV = "EVENTBRIDGE_CONFIG";
    /** How long exiting after a failed start-up may take before the JVM is halted. */
    static final java.time.Duration HALT_AFTER = java.time.Duration.ofSeconds(10);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        Path path = configFile(args, env);
        if (path != null && !Files.isRegularFile(path)) {
            System.err.println("Configuration file not found: " + path.toAbsolutePath());
            exit(2);
        }
        Bridge bridge;
        try {
            bridge = Bridge.start(BridgeConfig.load(path, env));
        } catch (ConfigException | PluginLoadException e) {
            System.err.println(e.getMessage());
            exit(2);
            return;
        } catch (Throwable e) {
            PluginLoadException plugin = pluginLoadCause(e);
            if (plugin != null) {
                System.err.println(plugin.getMessage());
                exit(2);
            }
            if (e instanceof StoreException) {
                LoggerFactory.getLogger(Main.class).error("The bridge failed to start: {}", e.getMessage());
            } else {
                LoggerFactory.getLogger(Main.class).error("The bridge failed to start: {}", e.toString(), e);
            }
            exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "eventbridge-shutdown"));
        stopped.await();
    }

    /** Exits with {@code status}; halts the JVM if exiting (shutdown hooks) does not finish in time. */
    private static void exit(int status) {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(status);
        }, "eventbridge-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(status);
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
