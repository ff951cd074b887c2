package dev.eventbridge.plugin.amqp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.GetResponse;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.tck.BrokerFixture;
import dev.eventbridge.tck.ConnectOutPluginCompatibilityKit;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The compatibility kit for the amqp plugin against the machine's RabbitMQ 3.x over AMQP 1.0
 * (rabbitmq_amqp1_0), with the default address form, plus where RabbitMQ differs from other brokers: which
 * queue a target's address makes or uses (checked from the broker's own view over AMQP 0-9-1), and
 * how a link RabbitMQ refuses (by ending the session) shows: at once, once, with RabbitMQ's reason.
 */
class RabbitMqAmqpTest extends ConnectOutPluginCompatibilityKit {

    /** Runs after the kit's own clean-up (plugin closed, proxy cut): the test's queues go. */
    @RegisterExtension
    final AfterEachCallback deleteQueues = context -> {
        if (broker instanceof RabbitMqFixture rabbit) {
            rabbit.deleteQueues();
        }
    };

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger kitLogger = (Logger) LoggerFactory.getLogger(BrokerConnection.class);

    @BeforeEach
    void captureLog() {
        log.start();
        kitLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        kitLogger.detachAppender(log);
    }

    @Override
    protected Plugin newPlugin() {
        return new AmqpPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) throws Exception {
        return new RabbitMqFixture();
    }

    /** The fixture's durable queues, named as they are: the plugin addresses them as /amq/queue/NAME by default. */
    @Override
    protected String deadLetterDestination(BrokerFixture broker, String destination) {
        return ((RabbitMqFixture) broker).queue(destination);
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

    private RabbitMqFixture rabbit() {
        return (RabbitMqFixture) broker;
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Whether RabbitMQ says {@code queue} is durable: declaring it durable again is then equivalent. */
    private boolean durable(String queue) {
        try {
            rabbit().withChannel(ch -> ch.queueDeclare(queue, true, false, false, null));
            return true;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof IOException io && String.valueOf(io.getCause()).contains("inequivalent arg 'durable'")) {
                return false;
            }
            throw e;
        }
    }

    private boolean exists(String queue) {
        try {
            rabbit().withChannel(ch -> ch.queueDeclarePassive(queue));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void startWith(String queue, Map<String, String> extra) throws Exception {
        Map<String, String> options = new HashMap<>(extra);
        options.put("queue", queue);
        start(DESTINATION, null, options);
    }

    @Test
    @DisplayName("By default a queue name is the operator's durable queue (/amq/queue/NAME): 100 events, all acked, are stored persistent in it")
    void defaultFormSendsToTheDurableQueue() throws Exception {
        String queue = rabbit().queue("orders.in");
        startWith(queue, Map.of());
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(plugin.health().get(connId()).detail().contains("(address /amq/queue/" + queue + ")"),
                plugin.health().get(connId()).detail());
        for (int i = 0; i < 100; i++) {
            deliver(nextDelivery(), DataArray.ofJson("{\"n\":" + i + "}"));
        }
        await("100 acks").atMost(Duration.ofSeconds(20)).until(() -> callbacks.acks().size() == 100);
        assertTrue(durable(queue), "the queue stays durable");
        long stored = rabbit().withChannel(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount());
        assertEquals(100L, stored);
        GetResponse first = rabbit().withChannel(ch -> ch.basicGet(queue, false));
        assertEquals(2, first.getProps().getDeliveryMode(), "persistent, so it survives a broker restart");
    }

    @Test
    @DisplayName("A queue that does not exist is not declared: the target stays down with RabbitMQ's NOT_FOUND, one WARN, retried")
    void missingQueueIsRefusedNotDeclared() throws Exception {
        String queue = rabbit().undeclared("missing");
        startWith(queue, Map.of());
        await("a third attempt").atMost(Duration.ofSeconds(20))
                .until(() -> plugin.health().get(connId()).detail().contains("(attempt 3,"));
        String detail = plugin.health().get(connId()).detail();
        assertTrue(detail.contains("NOT_FOUND - no queue '" + queue + "'"), detail);
        assertFalse(plugin.health().get(connId()).up());
        assertTrue(callbacks.registered.isEmpty());
        assertFalse(exists(queue), "nothing declared the queue");
        List<String> warnings = warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("NOT_FOUND"), warnings.get(0));
    }

    @Test
    @DisplayName("address.form=name on a durable queue: RabbitMQ refuses the link (PRECONDITION_FAILED durable) and the target says so at once, once, and retries")
    void conflictingDeclarationIsReportedWithTheBrokersReason() throws Exception {
        String queue = rabbit().queue("orders.durable");
        startWith(queue, Map.of("address.form", "name"));
        await("the refusal in health").atMost(Duration.ofSeconds(5))
                .until(() -> plugin.health().get(connId()).detail().contains("PRECONDITION_FAILED"));
        await("a third attempt").atMost(Duration.ofSeconds(20))
                .until(() -> plugin.health().get(connId()).detail().contains("(attempt 3,"));
        String detail = plugin.health().get(connId()).detail();
        assertTrue(detail.contains("inequivalent arg 'durable' for queue '" + queue + "'"), detail);
        assertTrue(detail.contains("the broker closed the session sending to queue " + queue), detail);
        List<String> warnings = warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("PRECONDITION_FAILED"), warnings.get(0));
        assertTrue(callbacks.registered.isEmpty());
        assertTrue(durable(queue));
    }

    @Test
    @DisplayName("Why name is not the default on RabbitMQ 3.x: a bare name makes RabbitMQ declare the queue NON-durable")
    void bareNameDeclaresANonDurableQueue() throws Exception {
        String queue = rabbit().undeclared("orders.bare");
        startWith(queue, Map.of("address.form", "name"));
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        assertTrue(exists(queue));
        assertFalse(durable(queue), "RabbitMQ declared it with the terminus durability Qpid JMS sends: none");
    }

    @Test
    @DisplayName("A reply's plain type property wins over cloudEvents_type; cloudEvents_type alone is read too")
    void replyTypePrecedence() throws Exception {
        String replies = rabbit().queue("orders.replies");
        start(DESTINATION, "orders.replies", Map.of());
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        UUID both = UUID.randomUUID();
        UUID cloudEventsOnly = UUID.randomUUID();
        try (jakarta.jms.Connection c = new JmsConnectionFactory("amqp://127.0.0.1:5672").createConnection("guest", "guest")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("/amq/queue/" + replies));
            TextMessage m = s.createTextMessage("{}");
            m.setJMSCorrelationID(both.toString());
            m.setStringProperty("type", "plain.type");
            m.setStringProperty("cloudEvents_type", "ce.type");
            p.send(m);
            m = s.createTextMessage("{}");
            m.setJMSCorrelationID(cloudEventsOnly.toString());
            m.setStringProperty("cloudEvents_type", "ce.type");
            p.send(m);
        }
        await("two replies").atMost(Duration.ofSeconds(20)).until(() -> callbacks.replies().size() == 2);
        Map<UUID, String> types = new HashMap<>();
        callbacks.replies().forEach(r -> types.put(r.eventId(), r.reply().type()));
        assertEquals(Map.of(both, "plain.type", cloudEventsOnly, "ce.type"), types);
    }

    @Test
    @DisplayName("Sends in flight when the connection drops are rejected as a lost connection, never as refused by the broker")
    void lostConnectionIsNotARefusal() throws Exception {
        startWith(rabbit().queue("orders.lost"), Map.of());
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
        for (int i = 0; i < 300; i++) {
            deliver(nextDelivery(), DataArray.ofJson("{\"pad\":\"" + "x".repeat(1024) + "\"}"));
        }
        broker.stop();
        await("all answered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.responses.size() >= 300);
        List<String> reasons = callbacks.rejects().stream().map(DeliveryResponse::info).distinct().toList();
        assertTrue(reasons.stream().noneMatch(r -> r.contains("refused")), reasons::toString);
        reasons.forEach(r -> assertTrue(r.contains("lost") || r.contains("not connected"), r));
    }
}
