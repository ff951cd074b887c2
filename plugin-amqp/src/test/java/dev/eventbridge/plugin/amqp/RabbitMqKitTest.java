package dev.eventbridge.plugin.amqp;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compatibility kit for the amqp plugin against the machine's RabbitMQ 3.x over AMQP 1.0
 * (rabbitmq_amqp1_0), with the default address form: each queue is a durable one the fixture
 * declared, which the plugin addresses as {@code /amq/queue/NAME}.
 */
class RabbitMqKitTest extends ConnectOutPluginCompatibilityKit {

    /** Runs after the kit's own clean-up (plugin closed, proxy cut): the test's queues go. */
    @RegisterExtension
    final AfterEachCallback deleteQueues = context -> {
        if (broker instanceof RabbitMqFixture rabbit) {
            rabbit.deleteQueues();
        }
    };

    @Override
    protected Plugin newPlugin() {
        return new AmqpPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) throws Exception {
        return new RabbitMqFixture();
    }

    @Override
    protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
        RabbitMqFixture rabbit = (RabbitMqFixture) broker;
        Map<String, String> options = new HashMap<>(Map.of("url", rabbit.url(), "queue", rabbit.queue(destination),
                "username", "guest", "password", "guest"));
        if (replyDestination != null) {
            options.put("reply.queue", rabbit.queue(replyDestination));
        }
        return options;
    }
}
