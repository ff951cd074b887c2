package dev.eventbridge.plugin.mqtt;

import io.netty.handler.codec.mqtt.MqttMessageType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An embedded ActiveMQ Artemis broker with an MQTT acceptor on a free port: persistent journal in a
 * temporary folder, security off. Addresses under {@code full.} (MQTT topics {@code full/...}) hold
 * at most {@value #FULL_MAX_BYTES} bytes and refuse further messages. Keeps the port across restarts.
 */
final class EmbeddedMqttBroker implements AutoCloseable {

    static final int FULL_MAX_BYTES = 2048;

    private final Path dir;
    private final int port;
    private final Map<String, AtomicLong> routed = new ConcurrentHashMap<>();
    private volatile CountDownLatch publishGate;
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    private EmbeddedActiveMQ server;

    EmbeddedMqttBroker(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://localhost:" + port;
    }

    EmbeddedMqttBroker start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("mqtt-test-broker");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDatasync(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("mqtt", "tcp://localhost:" + port + "?protocols=MQTT");
        config.addAddressSetting("full.#", new AddressSettings().setMaxSizeBytes(FULL_MAX_BYTES)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
        config.registerBrokerPlugin(new ActiveMQServerMessagePlugin() {
            @Override
            public void afterMessageRoute(Message message, RoutingContext context, boolean direct,
                                          boolean rejectDuplicates, RoutingStatus result) {
                if (result == RoutingStatus.OK) {
                    routed.computeIfAbsent(message.getAddress(), a -> new AtomicLong()).incrementAndGet();
                }
            }
        });
        server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        server.getActiveMQServer().getRemotingService().addIncomingInterceptor((MQTTInterceptor) (packet, connection) -> {
            CountDownLatch gate = publishGate;
            if (gate != null && packet.fixedHeader().messageType() == MqttMessageType.PUBLISH) {
                held.incrementAndGet();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        });
        return this;
    }

    void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Messages routed to at least one queue of the core address so far (MQTT {@code a/b} is address {@code a.b}). */
    long routed(String address) {
        AtomicLong n = routed.get(address);
        return n == null ? 0 : n.get();
    }

    /** A durable queue on a multicast address, which keeps every message published there. */
    void createQueue(String address, String queue) throws Exception {
        server.getActiveMQServer().createQueue(QueueConfiguration.of(queue).setAddress(address)
                .setRoutingType(RoutingType.MULTICAST).setDurable(true));
    }

    long messageCount(String queue) {
        var q = server.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getMessageCount();
    }

    /** Holds every incoming PUBLISH (so no PUBACK is sent) until {@link #releasePublishes()}. */
    void holdPublishes() {
        publishGate = new CountDownLatch(1);
    }

    /** PUBLISH packets the gate has held so far. */
    int heldPublishes() {
        return held.get();
    }

    void releasePublishes() {
        CountDownLatch gate = publishGate;
        publishGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    @Override
    public void close() throws Exception {
        releasePublishes();
        stop();
    }
}
