package dev.eventbridge.plugin.mqtt.client;

import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 3.1.1 through the Paho {@code mqttv3} client: clean session off, Paho's in-flight limit set
 * to {@code max.inflight}, events in structured mode (payload only). A SUBACK granting 0x80 is a refusal.
 */
final class Paho3Link implements MqttLink, MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Paho3Link.class);
    private static final int SUBACK_FAILURE = 0x80;

    private final MqttSettings settings;
    private final Listener listener;
    private final MqttAsyncClient client;

    Paho3Link(MqttSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        client.setCallback(this);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setMaxInflight(settings.maxInflight());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        o.setAutomaticReconnect(false);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().toCharArray());
        }
        return o;
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(options(), null, completing(done, null));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> subscribe(String topic, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.subscribe(topic, qos, null, completing(done, "the broker refused the subscription to " + topic));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, OutboundMessage message, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttMessage m = new MqttMessage(message.payload());
        m.setQos(qos);
        m.setRetained(retain);
        try {
            client.publish(topic, m, null, completing(done, null));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Completes {@code done} with the token's outcome; with a {@code refusal} text, a granted 0x80 fails it. */
    private static IMqttActionListener completing(CompletableFuture<Void> done, String refusal) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] granted = refusal == null ? null : token.getGrantedQos();
                if (granted != null && granted.length > 0 && granted[0] >= SUBACK_FAILURE) {
                    done.completeExceptionally(new Refused(refusal, granted[0], "Failure."));
                } else {
                    done.complete(null);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                done.completeExceptionally(cause);
            }
        };
    }

    /** CONNACK return code 4 (bad user name or password) or 5 (not authorized). */
    @Override
    public boolean refusedLogin(Throwable error) {
        int code = error instanceof MqttException e ? e.getReasonCode() : -1;
        return code == MqttException.REASON_CODE_FAILED_AUTHENTICATION || code == MqttException.REASON_CODE_NOT_AUTHORIZED;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, true);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT target {}: disconnect: {}", settings.connId(), e.toString());
        }
    }

    @Override
    public void close() {
        disconnect();
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT target {}: close: {}", settings.connId(), e.toString());
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        listener.connectionLost(cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        listener.messageArrived(new InboundMessage(topic, message.getPayload(), false, null, null, null));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // each publish has its own listener
    }
}
