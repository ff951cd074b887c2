package dev.eventbridge.it.shared;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeCluster;
import dev.eventbridge.it.support.RoutedMessages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setting the shared-store delivery tests have in common: an embedded Artemis whose queue
 * {@link #queue} is watched at its route hook ({@link RoutedMessages}: who sent each message, when),
 * and the bridge instances a test starts in {@link #cluster}, all stopped after the test.
 */
abstract class RoutedQueueScenario {

    @TempDir
    Path dir;
    EmbeddedBroker broker;
    RoutedMessages routed;
    BridgeCluster cluster;
    final String queue;

    RoutedQueueScenario(String queue) {
        this.queue = queue;
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(dir.resolve("broker"));
        routed = RoutedMessages.on(broker, queue);
        broker.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        broker.close();
    }
}
