package dev.eventbridge.plugin.amqp;

import dev.eventbridge.activemq.EmbeddedClassicBroker;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.connectout.jms.testkit.ClassicJmsFixture;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The compatibility kit for the amqp plugin against embedded ActiveMQ Classic's AMQP 1.0 transport,
 * which grants each producer {@value ClassicJmsFixture#AMQP_PRODUCER_CREDIT} credits here; the
 * fixture's consumer is Qpid JMS too.
 */
class ActiveMqClassicAmqpCompatibilityTest extends ConnectOutPluginCompatibilityKit {

    @Override
    protected Plugin newPlugin() {
        return new AmqpPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) {
        return new ClassicJmsFixture(dir, EmbeddedClassicBroker::amqpUrl, JmsConnectionFactory::new, "cloudEvents_");
    }

    @Override
    protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
        Map<String, String> options = new HashMap<>(Map.of("url", ((ClassicJmsFixture) broker).url(), "queue", destination));
        if (replyDestination != null) {
            options.put("reply.queue", replyDestination);
        }
        return options;
    }
}
