package dev.eventbridge.bench.e2e;

import dev.eventbridge.core.bridge.Bridge;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.json.PublishJson;
import dev.eventbridge.core.store.NewEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The bridge alone in a child JVM, for P4 (started by {@link MemoryBenchmark} with a capped heap):
 * {@code BridgeProcessMain <amqp url> <data dir> <queue>} starts the bridge with one amqp target,
 * prints {@code READY <http port>}, then answers commands on stdin: {@code publish <count> <payload bytes>}
 * appends a backlog through the engine and prints {@code PUBLISHED <nanoseconds>}; {@code peaks} prints
 * {@code PEAKS <peak used> <peak after GC> <max heap>} (bytes, since the previous {@code peaks}),
 * {@code exit} closes the bridge and exits.
 */
public final class BridgeProcessMain {

    private static final int PUBLISH_BATCH = 2_000;

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
            } else if (line.startsWith("publish ")) {
                String[] p = line.split(" ");
                long start = System.nanoTime();
                publish(bridge, Integer.parseInt(p[1]), new Payloads(Integer.parseInt(p[2])));
                System.out.println("PUBLISHED " + (System.nanoTime() - start));
                System.out.flush();
            } else if (line.equals("exit")) {
                break;
            }
        }
        bridge.close();
        System.exit(0);
    }

    /**
     * Appends {@code count} events through the engine (the log writer and the store, as an HTTP
     * publish would after parsing), {@value #PUBLISH_BATCH} per call: building a large backlog this
     * way skips only the HTTP and JSON round trip.
     */
    private static void publish(Bridge bridge, int count, Payloads payloads) {
        DataArray data = PublishJson.parse(("{\"type\":\"backlog\",\"data\":" + payloads.dataJson() + "}").getBytes(StandardCharsets.UTF_8)).get(0).data();
        for (int sent = 0; sent < count; ) {
            int n = Math.min(PUBLISH_BATCH, count - sent);
            List<NewEvent> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(new NewEvent(UUID.randomUUID(), "default", "backlog", "", "e" + (sent + i), null, data));
            }
            bridge.engine().publish(batch);
            sent += n;
        }
    }
}
