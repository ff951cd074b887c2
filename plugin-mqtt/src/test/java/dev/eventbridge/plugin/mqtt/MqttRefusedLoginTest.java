package dev.eventbridge.plugin.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eventbridge.artemis.EmbeddedBroker;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.tck.KitConfig;
import dev.eventbridge.tck.RecordingCallbacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A broker that refuses the target's credentials (embedded Artemis with log-in required): the
 * CONNACK refusal (MQTT 5 reason code 0x86/0x87, MQTT 3.1.1 return code 4/5) takes the kit's
 * refused-log-in path, an ERROR naming the user (never the password), retried only every
 * {@code reconnect.max.delay}; with the right password the same target then connects.
 */
@DisplayName("MQTT refused log-in")
class MqttRefusedLoginTest {

    private static final String WRONG = "Wr0ng-pa55";
    private static final Duration MAX_DELAY = Duration.ofMillis(700);

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private MqttPlugin plugin;
    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger kitLog = (Logger) LoggerFactory.getLogger(BrokerConnection.class);

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker(dir).requireLogin("bridge", "right-pa55").start();
        log.start();
        kitLog.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        kitLog.detachAppender(log);
        if (plugin != null) {
            plugin.close();
        }
        broker.close();
    }

    private void startPlugin(String version, String password) throws Exception {
        Properties p = new Properties();
        p.setProperty("mqtt.targets.orders.url", broker.mqttUrl());
        p.setProperty("mqtt.targets.orders.topic", "bridge/orders");
        p.setProperty("mqtt.targets.orders.version", version);
        p.setProperty("mqtt.targets.orders.username", "bridge");
        p.setProperty("mqtt.targets.orders.password", password);
        p.setProperty("mqtt.targets.orders.reconnect.initial.delay", "50ms");
        p.setProperty("mqtt.targets.orders.reconnect.max.delay", MAX_DELAY.toMillis() + "ms");
        KitConfig section = KitConfig.section("mqtt", p, "test.properties");
        plugin = new MqttPlugin();
        plugin.initConfig(section);
        section.validate();
        plugin.init(section, callbacks);
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"5", "3.1.1"})
    @DisplayName("wrong credentials: an ERROR naming the user, retried every reconnect.max.delay, never registered")
    void refusedLoginIsAnErrorRetriedSlowly(String version) throws Exception {
        startPlugin(version, WRONG);
        await("the first refused attempt").atMost(Duration.ofSeconds(10)).until(() -> broker.loginAttempts() >= 1);
        long first = System.nanoTime();
        await("three more attempts").atMost(Duration.ofSeconds(10)).until(() -> broker.loginAttempts() >= 4);
        long millis = (System.nanoTime() - first) / 1_000_000;
        // with the ordinary backoff (50, 100, 200 ms) three retries take about 350 ms
        assertTrue(millis >= 3 * MAX_DELAY.toMillis() - 300, "three retries took only " + millis + " ms");

        List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertFalse(errors.isEmpty(), "no ERROR logged: " + log.list);
        String line = errors.get(0).getFormattedMessage();
        assertTrue(line.contains("'bridge'") && line.contains("refused the credentials"), line);
        assertTrue(log.list.stream().noneMatch(e -> e.getFormattedMessage().contains(WRONG)), "the password was logged");
        assertTrue(callbacks.registered.isEmpty());
        assertFalse(plugin.health().get("mqtt.orders").up());
        assertFalse(plugin.health().get("mqtt.orders").detail().contains(WRONG));
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"5", "3.1.1"})
    @DisplayName("the right credentials connect")
    void rightCredentialsConnect(String version) throws Exception {
        startPlugin(version, "right-pa55");
        await("registered").atMost(Duration.ofSeconds(10)).until(() -> callbacks.registered.contains("mqtt.orders"));
        assertTrue(log.list.stream().noneMatch(e -> e.getLevel() == Level.ERROR), log.list::toString);
    }
}
