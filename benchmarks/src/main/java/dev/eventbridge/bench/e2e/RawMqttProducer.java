package dev.eventbridge.bench.e2e;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** The raw MQTT client: Paho's MQTT 5 async client publishing at QoS 1 with a bounded window of unacknowledged publishes. */
public final class RawMqttProducer implements AutoCloseable {

    private final MqttAsyncClient client;
    private final String topic;
    private final AtomicLong failures = new AtomicLong();

    public RawMqttProducer(String url, String clientId, String topic) throws Exception {
        this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        this.topic = topic;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
    }

    /** Publishes {@code count} messages at QoS 1 with at most {@code inFlight} without PUBACK; returns the nanoseconds until the last PUBACK. */
    public long publishAll(int count, byte[] body, int inFlight) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        MqttActionListener done = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                failures.incrementAndGet();
                window.release();
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            window.acquire();
            MqttMessage m = new MqttMessage(body, 1, false, null);
            client.publish(topic, m, null, done);
        }
        if (!window.tryAcquire(inFlight, 5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the broker did not PUBACK every publish within 5 minutes");
        }
        return System.nanoTime() - start;
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
