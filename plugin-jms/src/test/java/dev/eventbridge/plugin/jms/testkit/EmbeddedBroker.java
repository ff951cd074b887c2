package dev.eventbridge.plugin.jms.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An embedded ActiveMQ Artemis broker for one test: persistent journal in a temporary folder,
 * security off, one acceptor for the given protocol on a free port. Addresses starting with
 * {@code full.} hold at most {@value #FULL_MAX_BYTES} bytes and refuse further sends.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final int FULL_MAX_BYTES = 2048;

    private final String protocol;
    private final Path dir;
    private final int port;
    private final Map<String, Set<String>> routed = new ConcurrentHashMap<>();
    private EmbeddedActiveMQ server;
    private String acceptorParams = "";

    public EmbeddedBroker(String protocol, Path dir) throws IOException {
        this.protocol = protocol;
        this.dir = dir;
        this.port = freePort();
    }

    public int port() {
        return port;
    }

    /** Extra acceptor parameters, each starting with {@code ;} (for example TLS); call before {@link #start()}. */
    public EmbeddedBroker acceptorParams(String params) {
        this.acceptorParams = params;
        return this;
    }

    public EmbeddedBroker start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("test-broker");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDatasync(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("test", "tcp://localhost:" + port + "?protocols=" + protocol + acceptorParams);
        config.addAddressSetting("full.#", new AddressSettings().setMaxSizeBytes(FULL_MAX_BYTES)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
        config.registerBrokerPlugin(new ActiveMQServerMessagePlugin() {
            @Override
            public void afterMessageRoute(Message message, RoutingContext context, boolean direct,
                                          boolean rejectDuplicates, RoutingStatus result) {
                if (result == RoutingStatus.OK) {
                    routed.forEach((key, values) -> {
                        Object value = message.getObjectProperty(SimpleString.of(key));
                        if (value != null) {
                            values.add(value.toString());
                        }
                    });
                }
            }
        });
        server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        return this;
    }

    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Messages on the queue now (0 when it does not exist). */
    public long messageCount(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** Messages ever routed to the queue, counted as they are added (the message count lags behind). */
    public long messagesAdded(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessagesAdded();
    }

    /**
     * The values of property {@code key} of every message the broker routed to a queue so far,
     * recorded synchronously as routing completes.
     */
    public Set<String> routed(String key) {
        return routed.getOrDefault(key, Set.of());
    }

    /** Starts recording the values of property {@code key} of routed messages; call before {@link #start()}. */
    public EmbeddedBroker recordRouted(String key) {
        routed.put(key, ConcurrentHashMap.newKeySet());
        return this;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the embedded broker failed", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
