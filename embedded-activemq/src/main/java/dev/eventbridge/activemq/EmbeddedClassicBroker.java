package dev.eventbridge.activemq;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.broker.Broker;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.ProducerBrokerExchange;
import org.apache.activemq.broker.TransportConnector;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.command.Message;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * An ActiveMQ Classic broker in this JVM, persistent in KahaDB under a given directory, speaking
 * OpenWire, AMQP 1.0 and MQTT, each on its own free loopback port. {@link #stop()} and
 * {@link #start()} restart it on the same store and ports, as a broker outage would. JMX,
 * advisories and the scheduler are off.
 */
public final class EmbeddedClassicBroker implements AutoCloseable {

    private final Path dataDir;
    private volatile int openwirePort;
    private volatile int amqpPort;
    private volatile int mqttPort;
    private final Map<String, AtomicLong> accepted = new ConcurrentHashMap<>();
    private final Map<String, Limit> limits = new LinkedHashMap<>();
    private volatile int amqpProducerCredit;
    private BrokerService service;

    /**
     * A broker keeping its store in {@code dataDir}, not started yet. Its ports are free ports the
     * system picks at the first start (binding to port 0, so no other process can take them between
     * picking and binding) and kept for later starts.
     */
    public EmbeddedClassicBroker(Path dataDir) {
        this(dataDir, 0, 0, 0);
    }

    /** A broker on the given ports; 0 for one the system picks at the first start. */
    public EmbeddedClassicBroker(Path dataDir, int openwirePort, int amqpPort, int mqttPort) {
        this.dataDir = dataDir;
        this.openwirePort = openwirePort;
        this.amqpPort = amqpPort;
        this.mqttPort = mqttPort;
    }

    /** The OpenWire port; known once started (or given). */
    public int openwirePort() {
        return known(openwirePort);
    }

    /** The AMQP 1.0 port; known once started (or given). */
    public int amqpPort() {
        return known(amqpPort);
    }

    /** The MQTT port; known once started (or given). */
    public int mqttPort() {
        return known(mqttPort);
    }

    private static int known(int port) {
        if (port == 0) {
            throw new IllegalStateException("the broker picks its ports at its first start, which has not happened yet");
        }
        return port;
    }

    /** {@code tcp://127.0.0.1:port} for the ActiveMQ (OpenWire) client. */
    public String openwireUrl() {
        return "tcp://127.0.0.1:" + openwirePort();
    }

    /** {@code amqp://127.0.0.1:port} for Qpid JMS. */
    public String amqpUrl() {
        return "amqp://127.0.0.1:" + amqpPort();
    }

    /** {@code tcp://127.0.0.1:port} for an MQTT client. */
    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    /**
     * From the next start, queues matching {@code queuePattern} (Classic wildcards: {@code full.>})
     * refuse a send once about {@code maxBytes} of messages are held for them: the producer gets an
     * error ({@code ResourceAllocationException} over OpenWire, a {@code rejected} outcome with
     * {@code amqp:resource-limit-exceeded} over AMQP), never a blocked send.
     */
    public synchronized EmbeddedClassicBroker refuseSendsBeyond(String queuePattern, long maxBytes) {
        limits.put(queuePattern, new Limit(maxBytes, true));
        return this;
    }

    /**
     * From the next start, queues matching {@code queuePattern} hold back sends once about
     * {@code maxBytes} of messages are held for them (producer flow control): the broker answers such
     * a send only when consumers have made room, and a producer that waits for answers waits. Note
     * that Classic then may store (and answer) two sends of one producer out of order: a send that
     * arrives while usage has just dipped below the limit goes in ahead of those still held.
     */
    public synchronized EmbeddedClassicBroker holdSendsBeyond(String queuePattern, long maxBytes) {
        limits.put(queuePattern, new Limit(maxBytes, false));
        return this;
    }

    private record Limit(long maxBytes, boolean refuse) {
    }

    /**
     * From the next start, the link credit the AMQP transport grants each producer (Classic's
     * {@code transport.producerCredit}, 1000 by default), refilled as it answers sends.
     */
    public EmbeddedClassicBroker amqpProducerCredit(int credit) {
        this.amqpProducerCredit = credit;
        return this;
    }

    /**
     * Messages the broker took in for the destination named {@code destination} (queue or topic)
     * since this object was created, across restarts: counted when the broker's send has returned,
     * which is before it answers the producer; a refused send is not counted, a send held back for
     * flow control ({@link #holdSendsBeyond}) is counted when held, before it is stored.
     */
    public long accepted(String destination) {
        AtomicLong count = accepted.get(destination);
        return count == null ? 0 : count.get();
    }

    public synchronized EmbeddedClassicBroker start() throws Exception {
        if (service != null) {
            return this;
        }
        BrokerService broker = new BrokerService();
        broker.setBrokerName("eventbridge-classic-" + System.identityHashCode(this));
        broker.setDataDirectoryFile(dataDir.toFile());
        broker.setPersistent(true);
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(new File(dataDir.toFile(), "kahadb"));
        kahaDb.setJournalMaxFileLength(4 * 1024 * 1024);
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        broker.setAdvisorySupport(false);
        broker.setSchedulerSupport(false);
        broker.setUseShutdownHook(false);
        broker.getSystemUsage().getMemoryUsage().setLimit(64L * 1024 * 1024);
        broker.getSystemUsage().getStoreUsage().setLimit(512L * 1024 * 1024);
        broker.getSystemUsage().getTempUsage().setLimit(128L * 1024 * 1024);
        broker.setDestinationPolicy(policies());
        broker.setPlugins(new BrokerPlugin[] {this::counting});
        TransportConnector openwire = broker.addConnector("tcp://127.0.0.1:" + openwirePort);
        TransportConnector amqp = broker.addConnector("amqp://127.0.0.1:" + amqpPort
                + (amqpProducerCredit > 0 ? "?transport.producerCredit=" + amqpProducerCredit : ""));
        TransportConnector mqtt = broker.addConnector("mqtt://127.0.0.1:" + mqttPort);
        broker.start();
        if (!broker.waitUntilStarted()) {
            throw new IllegalStateException("ActiveMQ Classic did not start: " + broker.getStartException());
        }
        openwirePort = openwire.getServer().getSocketAddress().getPort();
        amqpPort = amqp.getServer().getSocketAddress().getPort();
        mqttPort = mqtt.getServer().getSocketAddress().getPort();
        service = broker;
        return this;
    }

    /**
     * Per limited pattern: a memory limit of its own, producer flow control on (failing instead of
     * holding back when refusing), and a cursor that keeps caching past its usual 70 % mark, so that
     * the memory held for stored messages reaches the limit (persistent messages otherwise stop
     * counting at 70 % and the limit is never reached).
     */
    private PolicyMap policies() {
        List<PolicyEntry> entries = new ArrayList<>();
        synchronized (this) {
            limits.forEach((pattern, limit) -> {
                PolicyEntry entry = new PolicyEntry();
                entry.setQueue(pattern);
                entry.setMemoryLimit(limit.maxBytes());
                entry.setProducerFlowControl(true);
                entry.setSendFailIfNoSpace(limit.refuse());
                entry.setCursorMemoryHighWaterMark(1000);
                entries.add(entry);
            });
        }
        PolicyMap map = new PolicyMap();
        map.setPolicyEntries(entries);
        return map;
    }

    private Broker counting(Broker next) {
        return new BrokerFilter(next) {
            @Override
            public void send(ProducerBrokerExchange exchange, Message message) throws Exception {
                super.send(exchange, message);
                accepted.computeIfAbsent(message.getDestination().getPhysicalName(), d -> new AtomicLong())
                        .incrementAndGet();
            }
        };
    }

    /** Stops the broker, dropping every client connection; stored messages stay in KahaDB. */
    public synchronized void stop() throws Exception {
        BrokerService broker = service;
        service = null;
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    public synchronized boolean running() {
        return service != null;
    }

    /** Client connections open now, over every transport. */
    public synchronized int connectionCount() {
        if (service == null) {
            return 0;
        }
        int open = 0;
        for (TransportConnector connector : service.getTransportConnectors()) {
            open += connector.getConnections().size();
        }
        return open;
    }

    /** Messages stored in queue {@code queue} now; 0 when it does not exist. */
    public synchronized long messageCount(String queue) throws Exception {
        var destination = service.getBroker().getDestinationMap().get(new ActiveMQQueue(queue));
        return destination == null ? 0 : destination.getDestinationStatistics().getMessages().getCount();
    }

    /** The running broker, for what this class does not offer; null while stopped. */
    public synchronized BrokerService service() {
        return service;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
