package dev.eventbridge.it.plugins;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.kit.ConnectOutPluginKit;
import dev.eventbridge.it.kit.JmsTargetConsumer;
import dev.eventbridge.it.kit.TargetConsumer;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;

/** plugin-amqp end to end: AMQP 1.0 through Qpid JMS on both sides. */
class AmqpEndToEndTest extends ConnectOutPluginKit {

    @Override
    protected String plugin() {
        return "amqp";
    }

    @Override
    protected Map<String, String> target(EmbeddedBroker broker, String destination, String replyDestination) {
        Map<String, String> t = new HashMap<>();
        t.put("url", broker.amqpUrl());
        t.put("queue", destination);
        if (replyDestination != null) {
            t.put("reply.queue", replyDestination);
        }
        return t;
    }

    @Override
    protected TargetConsumer consumer(EmbeddedBroker broker, String destination) throws Exception {
        return new JmsTargetConsumer(new JmsConnectionFactory(broker.amqpUrl()), destination, "cloudEvents_", "KIT.REPLY");
    }

    @Override
    protected String badUrl() {
        return "ftp://localhost:1";
    }
}
