package dev.eventbridge.artemis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An ActiveMQ Artemis broker in this JVM, with persistence on, speaking CORE, AMQP 1.0 and MQTT on
 * one loopback port. {@link #stop()} and {@link #start()} restart it on the same journal and port,
 * as a broker outage would.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Map<String, AddressSettings> addressSettings = new LinkedHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> routedTo = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<org.apache.activemq.artemis.api.core.Message> routed = m -> { };
    private final java.util.List<org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBasePlugin> plugins =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String acceptorParams = "";
    private volatile String user;
    private volatile String password;
    private EmbeddedActiveMQ server;

    /** A broker on a free port keeping its journal in {@code dataDir}; not started yet. */
    public EmbeddedBroker(Path dataDir) {
        this(dataDir, freePort());
    }

    public EmbeddedBroker(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:port} for the Artemis client (CORE). */
    public String coreUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code amqp://127.0.0.1:port} for Qpid JMS. */
    public String amqpUrl() {
        return "amqp://127.0.0.1:" + port;
    }

    /** {@code tcp://127.0.0.1:port} for an MQTT client. */
    public String mqttUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * Settings for the addresses matching {@code match} (Artemis wildcard syntax), applied at the next
     * start over the defaults (auto-create, paging when full); for example a small
     * {@code maxSizeBytes} with policy BLOCK or FAIL to make a queue fill up.
     */
    public synchronized EmbeddedBroker addressSetting(String match, AddressSettings settings) {
        addressSettings.put(match, settings);
        return this;
    }

    /** Extra acceptor parameters, each starting with {@code ;} (TLS, say), from the next start. */
    public EmbeddedBroker acceptorParams(String params) {
        this.acceptorParams = params;
        return this;
    }

    /** From the next start, only {@code user} with {@code password} may connect, with every permission. */
    public synchronized EmbeddedBroker requireLogin(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /**
     * Calls {@code listener} on the broker's thread each time a message has been routed to its
     * queues, which is when the broker acknowledges the send; for latency measurements. Applies
     * from the next start.
     */
    public EmbeddedBroker onRouted(java.util.function.Consumer<org.apache.activemq.artemis.api.core.Message> listener) {
        this.routed = listener;
        return this;
    }

    /**
     * Registers a broker plugin of the test's own (one that refuses certain sends, say). Applies from
     * the next start.
     */
    public EmbeddedBroker brokerPlugin(org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBasePlugin plugin) {
        plugins.add(plugin);
        return this;
    }

    /**
     * Messages routed to at least one queue of {@code address} since this broker object was created,
     * counted as routing completes, before the broker answers the sender (across restarts).
     */
    public long routedTo(String address) {
        var count = routedTo.get(address);
        return count == null ? 0 : count.get();
    }

    /** Creates a durable multicast queue {@code queue} on {@code address} (an MQTT topic's subscription, say). */
    public synchronized void createQueue(String address, String queue) throws Exception {
        server.getActiveMQServer().createQueue(org.apache.activemq.artemis.api.core.QueueConfiguration.of(queue)
                .setAddress(address).setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.MULTICAST)
                .setDurable(true));
    }

    /** Log-in attempts seen since this broker object was created, accepted or not. */
    public int loginAttempts() {
        return logins.get();
    }

    public synchronized EmbeddedBroker start() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("eventbridge-embedded")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setSecurityEnabled(user != null)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("all", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP,MQTT" + acceptorParams);
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateQueues(true).setAutoCreateAddresses(true)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setDeadLetterAddress(SimpleString.of("DLQ")).setExpiryAddress(SimpleString.of("ExpiryQueue")));
        addressSettings.forEach(config::addAddressSetting);
        config.registerBrokerPlugin(new org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin() {
            @Override
            public void afterMessageRoute(org.apache.activemq.artemis.api.core.Message message,
                                          org.apache.activemq.artemis.core.server.RoutingContext context, boolean direct,
                                          boolean rejectDuplicates, org.apache.activemq.artemis.core.postoffice.RoutingStatus result) {
                if (result == org.apache.activemq.artemis.core.postoffice.RoutingStatus.OK) {
                    routedTo.computeIfAbsent(message.getAddress(), a -> new java.util.concurrent.atomic.AtomicLong())
                            .incrementAndGet();
                }
                routed.accept(message);
            }
        });
        plugins.forEach(config::registerBrokerPlugin);
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        if (user != null) {
            server.setSecurityManager(new ActiveMQSecurityManager() {
                @Override
                public boolean validateUser(String u, String p) {
                    logins.incrementAndGet();
                    return user.equals(u) && password.equals(p);
                }

                @Override
                public boolean validateUserAndRole(String u, String p, Set<Role> roles, CheckType checkType) {
                    return user.equals(u) && password.equals(p);
                }
            });
        }
        server.start();
        return this;
    }

    /** Stops the broker; messages persisted so far stay in the journal. */
    public synchronized void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Messages currently in a queue (0 if it does not exist). */
    public synchronized long messageCount(String queue) {
        var q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** Client connections currently open, to catch leaks. */
    public synchronized int connectionCount() {
        return server.getActiveMQServer().getConnectionCount();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
