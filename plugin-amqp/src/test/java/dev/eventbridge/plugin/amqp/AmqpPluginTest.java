package dev.eventbridge.plugin.amqp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.connectout.jms.testkit.ArtemisJmsFixture;
import dev.eventbridge.connectout.jms.testkit.JmsPluginContract;
import dev.eventbridge.tck.BrokerFixture;
import jakarta.jms.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The amqp plugin against embedded Artemis over AMQP 1.0, checked with a Qpid JMS client. */
class AmqpPluginTest extends JmsPluginContract {

    @Override
    protected Plugin newPlugin() {
        return new AmqpPlugin();
    }

    @Override
    protected BrokerFixture newBroker(Path dir) {
        return new ArtemisJmsFixture(dir, EmbeddedBroker::amqpUrl, JmsConnectionFactory::new, "cloudEvents_");
    }

    @Override
    protected Map<String, String> targetOptions(BrokerFixture broker, String destination, String replyDestination) {
        Map<String, String> options = new HashMap<>(Map.of("url", ((ArtemisJmsFixture) broker).url(), "queue", destination));
        if (replyDestination != null) {
            options.put("reply.queue", replyDestination);
        }
        return options;
    }

    @Override
    protected String prefix() {
        return "cloudEvents_";
    }

    @Override
    protected String badUrl() {
        return "nosuchscheme://localhost:1";
    }

    private void startConnected(Map<String, String> extra) throws Exception {
        start(DESTINATION, null, extra);
        await("registered").atMost(Duration.ofSeconds(20)).until(() -> callbacks.registered.contains(connId()));
    }

    private Message receiveOne() throws Exception {
        ArtemisJmsFixture.JmsReceiver r = (ArtemisJmsFixture.JmsReceiver) receiver(DESTINATION);
        await("a message").atMost(Duration.ofSeconds(20)).until(() -> !r.messages().isEmpty());
        return r.messages().get(0);
    }

    private int port() {
        return jms().broker().port();
    }

    private static String key(String option) {
        return "amqp.targets.orders." + option;
    }

    @Test
    @DisplayName("The data travels as a data section with AMQP content-type application/json and the event id as string correlation-id")
    void amqpContentTypeAndCorrelationId() throws Exception {
        startConnected(Map.of());
        var d = nextDelivery();
        deliver(d, DataArray.ofJson("{\"a\":1}"));
        await("the ack").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 1);
        Message m = receiveOne();
        AmqpJmsMessageFacade facade = (AmqpJmsMessageFacade) ((JmsMessage) m).getFacade();
        assertEquals("application/json", String.valueOf(facade.getContentType()));
        assertEquals(d.event().id().toString(), facade.getCorrelationId());
        assertEquals("[{\"a\":1}]", body(m));
    }

    @Test
    @DisplayName("A failover URI with SASL mechanisms connects and registers")
    void failoverUriConnects() throws Exception {
        startConnected(Map.of("url", "failover:(amqp://localhost:" + port() + ")?failover.maxReconnectAttempts=1",
                "sasl.mechanisms", "PLAIN,ANONYMOUS", "username", "bridge", "password", PASSWORD));
        assertTrue(plugin.health().get(connId()).up());
    }

    @Test
    @DisplayName("With a failover URI a broker restart is reported as closed and registered again while Qpid fails over")
    void failoverInterruptionIsReported() throws Exception {
        startConnected(Map.of("url", "failover:(amqp://localhost:" + port()
                + ")?failover.initialReconnectDelay=50&failover.maxReconnectDelay=200"));
        broker.stop();
        await("connectionClosed").atMost(Duration.ofSeconds(10)).until(() -> callbacks.closed.contains(connId()));
        deliver(nextDelivery(), null);
        await("the reject while failing over").atMost(Duration.ofSeconds(5)).until(() -> callbacks.rejects().size() == 1);
        broker.start();
        await("the second registration").atMost(Duration.ofSeconds(15)).until(() -> callbacks.registered.size() == 2);
        deliver(nextDelivery(), DataArray.ofJson("2"));
        await("an ack after failing over").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 1);
        assertEquals("[2]", body(receiveOne()));
    }

    @Test
    @DisplayName("TLS options reach Qpid: amqps with a trust store, host verification and SASL PLAIN connects and delivers")
    void amqpsWithTrustStore() throws Exception {
        Path store = dir.resolve("broker.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        broker.stop();
        jms().broker().acceptorParams(";sslEnabled=true;keyStorePath=" + store + ";keyStorePassword=changeit");
        broker.start();

        startConnected(Map.of("url", "amqps://localhost:" + port(), "tls.truststore", store.toString(),
                "tls.truststore.password", "changeit", "tls.verify.host", "true", "sasl.mechanisms", "PLAIN",
                "username", "bridge", "password", PASSWORD));
        deliver(nextDelivery(), DataArray.ofJson("1"));
        await("the ack over TLS").atMost(Duration.ofSeconds(10)).until(() -> callbacks.acks().size() == 1);
        assertFalse(plugin.health().get(connId()).detail().contains("changeit"));
    }

    @Test
    @DisplayName("Flow control: with the broker granting 10 credits at a time, a burst of 300 waits for credit; none fails fast, all acked in order")
    void sendsWaitForLinkCredit() throws Exception {
        broker.stop();
        jms().broker().acceptorParams(";amqpCredits=10;amqpLowCredits=3");
        broker.start();
        startConnected(Map.of());
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            var d = nextDelivery();
            sent.add(d.event().id());
            deliver(d, DataArray.ofJson("{\"pad\":\"" + "x".repeat(512) + "\"}"));
        }
        await("300 answers").atMost(Duration.ofSeconds(30)).until(() -> callbacks.responses.size() >= 300);
        assertTrue(callbacks.rejects().isEmpty(), () -> callbacks.rejects().get(0).info());
        assertEquals(sent, callbacks.acks().stream().map(r -> r.eventId()).toList());
    }

    @Test
    @DisplayName("A failover URI without parentheses fails init, naming the url key")
    void failoverWithoutParentheses() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(DESTINATION, null, Map.of("url", "failover:amqp://localhost:1")));
        assertEquals(key("url"), e.key());
    }

    @Test
    @DisplayName("An option Qpid JMS does not know fails init, naming the url key")
    void unknownQpidOption() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(DESTINATION, null, Map.of("url", "amqp://localhost:1?transport.noSuchOption=1")));
        assertEquals(key("url"), e.key());
    }

    @Test
    @DisplayName("TLS options on a plain amqp URL fail init")
    void tlsOnPlainUrl() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start(DESTINATION, null, Map.of("tls.verify.host", "false")));
        assertEquals(key("url"), e.key());
    }

    @Test
    @DisplayName("A trust store file that does not exist fails init, naming tls.truststore")
    void missingTrustStore() {
        ConfigException e = assertThrows(ConfigException.class, () -> start(DESTINATION, null, Map.of(
                "url", "amqps://localhost:1", "tls.truststore", dir.resolve("nope.p12").toString())));
        assertEquals(key("tls.truststore"), e.key());
    }
}
