package dev.eventbridge.it.plugins;

import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.kit.ConnectOutPluginKit;
import dev.eventbridge.it.kit.JmsTargetConsumer;
import dev.eventbridge.it.kit.TargetConsumer;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** plugin-jms end to end: Artemis' own Jakarta client over its CORE protocol, named by class in the configuration. */
class JmsEndToEndTest extends ConnectOutPluginKit {

    @Override
    protected String plugin() {
        return "jms";
    }

    @Override
    protected Map<String, String> target(EmbeddedBroker broker, String destination, String replyDestination) {
        Map<String, String> t = new HashMap<>();
        t.put("connection.factory", ActiveMQConnectionFactory.class.getName());
        t.put("url", broker.coreUrl());
        t.put("queue", destination);
        if (replyDestination != null) {
            t.put("reply.queue", replyDestination);
        }
        return t;
    }

    @Override
    protected TargetConsumer consumer(EmbeddedBroker broker, String destination) throws Exception {
        return new JmsTargetConsumer(new ActiveMQConnectionFactory(broker.coreUrl()), destination, "ce_", "KIT.REPLY");
    }

    @Override
    protected String badUrl() {
        return "nosuchscheme://localhost:1";
    }
}
