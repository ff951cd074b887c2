package dev.eventbridge.plugin.jms;

import dev.eventbridge.activemq.EmbeddedClassicBroker;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.connectout.jms.testkit.ClassicJmsFixture;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * The compatibility kit for the jms plugin against embedded ActiveMQ Classic over OpenWire, through
 * ActiveMQ's own Jakarta client configured as a user would: its factory class and a {@code tcp://} URL.
 */
class ActiveMqClassicJmsCompatibilityTest extends ConnectOutPluginCompatibilityKit {

    @Override
    protected Plugin newPlugin() {
        return new JmsPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) {
        return new ClassicJmsFixture(dir, EmbeddedClassicBroker::openwireUrl, ActiveMQConnectionFactory::new, "ce_");
    }

    @Override
    protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
        Map<String, String> options = new HashMap<>(Map.of("connection.factory", ActiveMQConnectionFactory.class.getName(),
                "url", ((ClassicJmsFixture) broker).url(), "queue", destination));
        if (replyDestination != null) {
            options.put("reply.queue", replyDestination);
        }
        return options;
    }
}
