package dev.eventbridge.plugin.mqtt;

import dev.eventbridge.tck.LocalService;
import dev.eventbridge.tck.net.TcpProxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The machine's Mosquitto service at {@value #HOST}:{@value #PORT} (stock configuration: anonymous
 * clients allowed, MQTT 5 Receive Maximum 20), which a test cannot restart: the plugin connects
 * through a {@link TcpProxy}, so {@link #stop()} and {@link #start()} cut and resume its connections
 * as an outage would, while receivers and repliers connect directly. Each fixture uses topics under
 * its own prefix and its own plugin client id; {@link #stop()} clears what it left retained and the
 * plugin's session.
 */
final class MosquittoFixture implements MqttFixture {

    static final String HOST = "127.0.0.1";
    static final int PORT = 1883;
    static final String DIRECT_URL = "tcp://" + HOST + ":" + PORT;
    /** Kit destinations under {@code $SYS}: Mosquitto refuses every client publish there (MQTT 5 PUBACK 0x87). */
    private static final String REFUSED_ROOT = "$SYS.";

    private final boolean mqtt5;
    private final ClientFactory clients;
    private final Function<TestClient.Received, UUID> eventId;
    private final String run = UUID.randomUUID().toString();
    private final String prefix = "eventbridge-test/" + run + "/";
    private final String pluginClientId = "eventbridge-test-" + run;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final List<TestClient> receivers = new CopyOnWriteArrayList<>();
    private TcpProxy proxy;
    private int clientIds;

    /** @param mqtt5 whether the plugin and the plain clients speak MQTT 5 (else 3.1.1) */
    MosquittoFixture(boolean mqtt5, ClientFactory clients, Function<TestClient.Received, UUID> eventId) {
        this.mqtt5 = mqtt5;
        this.clients = clients;
        this.eventId = eventId;
    }

    /** Requires the service first (skips, or fails under CI=true, when it does not answer), then relays to it. */
    @Override
    public synchronized void start() throws Exception {
        if (proxy == null) {
            LocalService.require("Mosquitto", HOST, PORT);
            proxy = new TcpProxy(HOST, PORT);
        } else {
            proxy.resume();
        }
    }

    /** Cuts every connection through the proxy and refuses new ones; clears this fixture's retained messages and session. */
    @Override
    public synchronized void stop() throws Exception {
        if (proxy == null) {
            return;
        }
        proxy.cut();
        try (TestClient cleaner = clients.create(DIRECT_URL, pluginClientId)) { // clean start: the session goes
            for (String topic : topics) {
                cleaner.clearRetained(topic);
            }
        }
    }

    /** The proxy's URL, through which the plugin connects. */
    @Override
    public String url() {
        return "tcp://" + HOST + ":" + proxy.port();
    }

    /** The proxy, for tests that cut connections themselves. */
    TcpProxy proxy() {
        return proxy;
    }

    @Override
    public String topic(String destination) {
        String topic = destination.startsWith(REFUSED_ROOT) ? destination.replace('.', '/')
                : prefix + destination.replace('.', '/');
        topics.add(topic);
        return topic;
    }

    @Override
    public Map<String, String> targetOptions() {
        return Map.of("client.id", pluginClientId, "session.expiry", "60s");
    }

    @Override
    public Receiver receiver(String destination) throws Exception {
        TestClient client = client("reader");
        client.subscribe(topic(destination));
        receivers.add(client);
        return MqttFixture.receiver(client, eventId, () -> receivers.remove(client));
    }

    /** A plain client connected directly to the service (not through the proxy); the caller closes it. */
    synchronized TestClient client(String role) throws Exception {
        return clients.create(DIRECT_URL, "eventbridge-test-" + role + "-" + run + "-" + ++clientIds);
    }

    /** Only for the refusing destination, where Mosquitto accepts nothing: it keeps no per-topic count. */
    @Override
    public long accepted(String destination) {
        if (destination.startsWith(REFUSED_ROOT)) {
            return 0;
        }
        throw new UnsupportedOperationException("Mosquitto keeps no per-topic count of accepted publishes "
                + "($SYS has broker-wide totals, published every sys_interval)");
    }

    /** MQTT 5: a topic under {@code $SYS}, where Mosquitto answers every client publish with PUBACK 0x87 (not authorized). */
    @Override
    public String refusingDestination() {
        if (!mqtt5) {
            throw new UnsupportedOperationException("an MQTT 3.1.1 PUBACK carries no reason code: Mosquitto acknowledges "
                    + "a publish it denies and drops it, so the sender cannot learn of the refusal");
        }
        return REFUSED_ROOT + "eventbridge-test." + run;
    }

    @Override
    public void sendReply(String replyDestination, UUID answered, String type, String json) throws Exception {
        try (TestClient client = client("replier")) {
            client.reply(topic(replyDestination), answered, type, json);
        }
    }

    /** The plugin's connections through the proxy and this fixture's open receivers. */
    @Override
    public int connections() {
        return proxy.connections() + receivers.size();
    }
}
