package dev.eventbridge.plugin.mqtt.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import io.reactivex.Scheduler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the MQTT 5 and 3.1.1 links build their HiveMQ clients from. */
final class HiveClients {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private HiveClients() {
    }

    /**
     * A client builder for one connection: broker address and TLS, connect timeouts, its own Netty
     * thread (released, with whatever the client still holds, when the connection ends), outcomes
     * handed to {@code answers}, and {@code lost} told when the connection drops or is refused.
     */
    static MqttClientBuilder builder(MqttSettings settings, Scheduler answers, MqttLink link, MqttLink.Listener lost) {
        long timeout = settings.connectTimeout().toMillis();
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(settings.clientId())
                .transportConfig()
                    .serverHost(settings.address().host())
                    .serverPort(settings.address().port())
                    .socketConnectTimeout(timeout, TimeUnit.MILLISECONDS)
                    .mqttConnectTimeout(timeout, TimeUnit.MILLISECONDS)
                    .applyTransportConfig()
                .executorConfig()
                    .nettyExecutor(threadPerTask("eventbridge-" + settings.connId() + "-io-" + THREADS.incrementAndGet()))
                    .nettyThreads(1)
                    .applicationScheduler(answers)
                    .applyExecutorConfig()
                .addDisconnectedListener(context -> {
                    if (context.getSource() != MqttDisconnectSource.USER) {
                        lost.connectionLost(link, context.getCause());
                    }
                });
        return settings.address().tls() ? builder.sslWithDefaultConfig() : builder;
    }

    /** The cause a {@link java.util.concurrent.CompletionException} wraps, or {@code error} itself. */
    static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The bytes left in {@code buffer}, without moving it. */
    static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    static MqttQos qos(int qos) {
        return MqttQos.fromCode(qos);
    }

    /**
     * A new executor per client: HiveMQ keeps one Netty event loop per executor and shuts it down
     * when its last client disconnects, which also drops the session state a disconnected client
     * would otherwise keep until its session expiry.
     */
    private static Executor threadPerTask(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }
}
