package dev.eventbridge.bench.e2e;

import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.core.config.BridgeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The bridge alone in a child JVM, for P4 (started by {@link MemoryBenchmark} with a capped heap):
 * {@code BridgeProcessMain <amqp url> <data dir> <queue>} starts the bridge with one amqp target,
 * prints {@code READY <http port>}, then answers commands on stdin: {@code peaks} prints
 * {@code PEAKS <peak used> <peak after GC> <max heap>} (bytes, since the previous {@code peaks}),
 * {@code exit} closes the bridge and exits.
 */
public final class BridgeProcessMain {

    private BridgeProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        HeapSampler sampler = new HeapSampler().start();
        Properties config = new Properties();
        config.setProperty("bridge.http.port", "0");
        config.setProperty("bridge.data.dir", Path.of(args[1]).resolve("store").toString());
        config.setProperty("bridge.plugins.dir", Path.of(args[1]).resolve("no-plugins").toString());
        config.setProperty("amqp.targets.bench.url", args[0]);
        config.setProperty("amqp.targets.bench.queue", args[2]);
        Bridge bridge = Bridge.start(BridgeConfig.fromProperties(config, "the P4 benchmark's configuration"));
        System.out.println("READY " + bridge.httpPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("peaks")) {
                System.out.println("PEAKS " + sampler.takePeaks());
                System.out.flush();
            } else if (line.equals("exit")) {
                break;
            }
        }
        bridge.close();
        System.exit(0);
    }
}
