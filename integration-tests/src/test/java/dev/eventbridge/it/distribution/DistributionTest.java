package dev.eventbridge.it.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.eventbridge.it.support.Distribution.awaitStarted;
import static dev.eventbridge.it.support.Distribution.onFailure;
import static dev.eventbridge.it.support.Distribution.property;
import static dev.eventbridge.it.support.Distribution.read;
import static dev.eventbridge.it.support.Distribution.stop;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.core.bridge.BridgeOptions;
import dev.eventbridge.core.config.BridgeConfig;
import dev.eventbridge.core.config.OptionsDoc;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.it.support.BridgeClient;
import dev.eventbridge.it.support.Distribution;
import dev.eventbridge.it.support.MqttReader;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: the tarball the build attaches, unpacked with {@code tar},
 * Artemis' client jars copied into {@code plugins/jms/}, and {@code bin/bridge} run as a process of
 * its own (Java alone, no Maven) against an embedded Artemis, events published over HTTP and read
 * back from the broker through each of the three plugins by plain client applications.
 */
class DistributionTest {


    @TempDir
    Path dir;

    private Distribution distribution;
    private Path home;
    private EmbeddedBroker broker;

    @BeforeEach
    void unpack() throws Exception {
        distribution = Distribution.unpack(dir);
        home = distribution.home();
    }

    @AfterEach
    void stopAll() throws Exception {
        distribution.close();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @DisplayName("the tarball holds bin/bridge, the core in lib/, each plugin with its own libraries, every option in config/, the licences")
    void layout() throws Exception {
        assertTrue(Files.isExecutable(home.resolve("bin/bridge")), "bin/bridge is executable");

        Set<String> lib = jars(home.resolve("lib"));
        assertTrue(lib.stream().anyMatch(j -> j.startsWith("eventbridge-core-")), "lib/ has the core: " + lib);
        assertTrue(lib.stream().anyMatch(j -> j.startsWith("eventbridge-api-")), "lib/ has the plugin API: " + lib);
        // Netty is in lib/ too (the HTTP API's Vert.x runs on it), but a plugin never sees the core's copy: its
        // class loader's parent exposes the api and SLF4J only, so each plugin folder brings its own.
        for (String pluginOnly : List.of("eventbridge-plugin-", "hivemq-mqtt-client", "rxjava", "qpid-jms-client", "proton-j", "jakarta.jms-api")) {
            assertTrue(lib.stream().noneMatch(j -> j.startsWith(pluginOnly)), "no " + pluginOnly + "* in lib/: " + lib);
        }
        Map<String, List<String>> needs = Map.of(
                "jms", List.of("jakarta.jms-api-", "eventbridge-connect-out-", "eventbridge-connect-out-jms-"),
                "amqp", List.of("qpid-jms-client-", "proton-j-", "netty-buffer-", "jakarta.jms-api-",
                        "eventbridge-connect-out-", "eventbridge-connect-out-jms-"),
                "mqtt", List.of("hivemq-mqtt-client-", "rxjava-", "netty-codec-", "jackson-databind-",
                        "eventbridge-connect-out-"));
        needs.forEach((plugin, libraries) -> {
            Set<String> jars = jars(home.resolve("plugins").resolve(plugin));
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("eventbridge-plugin-" + plugin + "-")), plugin + " has its jar: " + jars);
            for (String library : libraries) {
                assertTrue(jars.stream().anyMatch(j -> j.startsWith(library)), "plugins/" + plugin + " has " + library + "*: " + jars);
            }
            for (String other : List.of("jms", "amqp", "mqtt")) {
                if (!other.equals(plugin)) {
                    assertTrue(jars.stream().noneMatch(j -> j.startsWith("eventbridge-plugin-" + other + "-")),
                            "plugins/" + plugin + " carries no other plugin: " + jars);
                }
            }
            for (String shared : List.of("eventbridge-api-", "slf4j-api-", "eventbridge-core-", "eventbridge-plugin-tck-",
                    "eventbridge-embedded-artemis-", "junit-")) {
                assertTrue(jars.stream().noneMatch(j -> j.startsWith(shared)), "no " + shared + "* in plugins/" + plugin + ": " + jars);
            }
        });
        Set<String> jms = jars(home.resolve("plugins/jms"));
        assertTrue(jms.stream().noneMatch(j -> j.startsWith("artemis-") || j.startsWith("qpid-")), "no vendor client in plugins/jms: " + jms);
        assertTrue(read(home.resolve("plugins/jms/README.txt")).contains("artemis-jakarta-client"), "plugins/jms/README.txt");

        String config = read(home.resolve("config/bridge.properties"));
        List<String> missing = declaredKeys().stream().filter(k -> !config.contains("\n#" + k + "=")).toList();
        assertTrue(missing.isEmpty(), "config/bridge.properties lacks " + missing);
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(home.resolve("config/bridge.properties"), StandardCharsets.UTF_8)) {
            shipped.load(r);
        }
        assertEquals(Set.of(), shipped.stringPropertyNames(), "as shipped every key is commented out");

        // every third-party jar shipped is listed with its licence
        String thirdParty = read(home.resolve("licenses/THIRD-PARTY.txt"));
        Matcher m = Pattern.compile("\\(([^:()\\s]+):([^:()\\s]+):([^:()\\s]+) - ").matcher(thirdParty);
        Set<String> listed = new TreeSet<>();
        while (m.find()) {
            listed.add(m.group(2) + "-" + m.group(3));
        }
        List<String> bundled = new ArrayList<>(lib);
        for (String plugin : List.of("jms", "amqp", "mqtt")) {
            bundled.addAll(jars(home.resolve("plugins").resolve(plugin)));
        }
        List<String> unlisted = bundled.stream().filter(j -> !j.startsWith("eventbridge-"))
                .filter(j -> listed.stream().noneMatch(l -> j.equals(l + ".jar") || j.startsWith(l + "-"))).distinct().toList();
        assertTrue(unlisted.isEmpty(), "THIRD-PARTY.txt does not list " + unlisted);

        // the build's unpacked tree next to the tarball is the same tree
        Path unpacked = Path.of(property("eventbridge.distribution.tarball")).resolveSibling(home.getFileName());
        if (Files.isDirectory(unpacked)) {
            assertEquals(tree(home), tree(unpacked), "distribution/target/" + home.getFileName() + " is the tarball unpacked");
            assertTrue(Files.isExecutable(unpacked.resolve("bin/bridge")), "bin/bridge is executable in the unpacked tree too");
        }
    }

    @Test
    @DisplayName("bin/bridge starts on the shipped configuration, then with a configuration per plugin delivers every event through jms, amqp and mqtt")
    void runsAndDeliversThroughEveryPlugin() throws Exception {
        Path vendor = Path.of(property("eventbridge.vendor.artemis-client"));
        Set<String> vendorJars = jars(vendor);
        assertTrue(vendorJars.stream().anyMatch(j -> j.startsWith("artemis-jakarta-client-"))
                && vendorJars.stream().anyMatch(j -> j.startsWith("artemis-core-client-"))
                && vendorJars.stream().noneMatch(j -> j.startsWith("artemis-server-")), "Artemis' client and its libraries: " + vendorJars);
        for (String jar : vendorJars) {
            Files.copy(vendor.resolve(jar), home.resolve("plugins/jms").resolve(jar));
        }

        // 1. the configuration as shipped (no argument: config/bridge.properties), started from another
        //    folder: the bridge starts without an error and keeps its data inside the installation
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        int port = EmbeddedBroker.freePort();
        Path shippedLog = dir.resolve("bridge-shipped.log");
        Process shipped = distribution.bridge(elsewhere, shippedLog, Map.of("EVENTBRIDGE_BRIDGE_HTTP_PORT", String.valueOf(port)));
        onFailure(shippedLog, () -> {
            assertEquals(port, awaitStarted(shipped, shippedLog));
            new BridgeClient(port).health(); // 200, or it throws
            assertTrue(Files.isDirectory(home.resolve("data")), "bridge.data.dir=data resolved inside the installation");
            assertFalse(Files.exists(elsewhere.resolve("data")), "nothing written where bin/bridge was started");
            stop(shipped);
            String log = read(shippedLog);
            assertFalse(Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR |Exception in thread").matcher(log).find(),
                    "no error on the shipped configuration:\n" + log);
        });

        // 2. one target per plugin on the embedded Artemis, the file given as a relative path
        broker = new EmbeddedBroker(dir.resolve("broker")).start();
        try (JmsReader jmsApp = new JmsReader(new ActiveMQConnectionFactory(broker.coreUrl()), "DIST.JMS", "ce_id");
             JmsReader amqpApp = new JmsReader(new JmsConnectionFactory(broker.amqpUrl()), "DIST.AMQP", "cloudEvents_id");
             MqttReader mqttApp = new MqttReader(broker.mqttUrl(), "dist/mqtt")) {
            int httpPort = EmbeddedBroker.freePort();
            Properties config = new Properties();
            config.setProperty("bridge.http.port", String.valueOf(httpPort));
            config.setProperty("jms.targets.orders.connection.factory", ActiveMQConnectionFactory.class.getName());
            config.setProperty("jms.targets.orders.url", broker.coreUrl());
            config.setProperty("jms.targets.orders.queue", "DIST.JMS");
            config.setProperty("amqp.targets.orders.url", broker.amqpUrl());
            config.setProperty("amqp.targets.orders.queue", "DIST.AMQP");
            config.setProperty("mqtt.targets.orders.url", broker.mqttUrl());
            config.setProperty("mqtt.targets.orders.topic", "dist/mqtt");
            for (String plugin : List.of("jms", "amqp", "mqtt")) {
                config.setProperty(plugin + ".targets.orders.reconnect.initial.delay", "100ms");
                config.setProperty(plugin + ".targets.orders.reconnect.max.delay", "1s");
                config.setProperty("bridge.subscriptions.orders-" + plugin + ".transport", plugin);
            }
            Path file = Files.createDirectories(dir.resolve("work/conf")).resolve("bridge.properties");
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                config.store(out, "DistributionTest");
            }
            Path log = dir.resolve("bridge.log");
            Process bridge = distribution.bridge(dir.resolve("work"), log, Map.of(), "conf/bridge.properties");
            onFailure(log, () -> {
                assertEquals(httpPort, awaitStarted(bridge, log));
                assertTrue(bridge.info().command().map(c -> c.endsWith("/java")).orElse(true),
                        "bin/bridge exec'd java, so signals reach it: " + bridge.info().command());
                BridgeClient client = new BridgeClient(httpPort);
                Set<String> published = client.publish("order.created", "orders", 3).stream().map(e -> e.get("id").asText())
                        .collect(Collectors.toCollection(TreeSet::new));
                await("every event through every plugin").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertEquals(published, jmsApp.ids(), "through plugin jms (Artemis CORE client in plugins/jms)");
                    assertEquals(published, amqpApp.ids(), "through plugin amqp (Qpid JMS)");
                    assertEquals(published, mqttApp.ids(), "through plugin mqtt (HiveMQ MQTT Client)");
                });
                stop(bridge);
            });
        }
    }

    /** The keys of every option the bridge and the plugins on this classpath declare, as OptionsDoc writes them. */
    private static List<String> declaredKeys() {
        BridgeConfig config = BridgeConfig.fromProperties(new Properties(), "declarations");
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        List<String> keys = new ArrayList<>(OptionsDoc.declared(config, BridgeOptions.PREFIX).keySet());
        Set<String> names = new TreeSet<>();
        for (Plugin p : ServiceLoader.load(Plugin.class, DistributionTest.class.getClassLoader())) {
            p.initConfig(config.section(p.name()));
            keys.addAll(OptionsDoc.declared(config, p.name()).keySet());
            names.add(p.name());
        }
        assertTrue(names.containsAll(List.of("jms", "amqp", "mqtt")), "plugins on the classpath: " + names);
        return keys;
    }

    private static Set<String> jars(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new AssertionError("cannot list " + folder + ": " + e, e);
        }
    }

    /** Every file under {@code root}: relative path to size. */
    private static Map<String, Long> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            Map<String, Long> out = new TreeMap<>();
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p));
            }
            return out;
        }
    }

    /** A plain Jakarta Messaging application on a queue, collecting the event id property of each message. */
    private static final class JmsReader implements AutoCloseable {
        private final Connection connection;
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        JmsReader(ConnectionFactory factory, String queue, String idProperty) throws Exception {
            connection = factory.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(queue)).setMessageListener((MessageListener) (Message m) -> {
                try {
                    ids.add(m.getStringProperty(idProperty));
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            connection.start();
        }

        Set<String> ids() {
            return new TreeSet<>(ids);
        }

        @Override
        public void close() throws jakarta.jms.JMSException {
            connection.close();
        }
    }
}
