package dev.eventbridge.plugin.mqtt.client;

import dev.eventbridge.plugin.mqtt.mapping.InboundMessage;
import dev.eventbridge.plugin.mqtt.mapping.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 through the Paho {@code mqttv5} client: clean start off with a session expiry, events in
 * binary mode, and a reason code of 0x80 or more in a PUBACK or SUBACK counted as a refusal.
 */
final class Paho5Link implements MqttLink, MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Paho5Link.class);

    private final MqttSettings settings;
    private final Listener listener;
    private final MqttAsyncClient client;

    Paho5Link(MqttSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        client.setCallback(this);
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        o.setAutomaticReconnect(false);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(options(), null, completing(done, "the broker refused the connection"));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> subscribe(String topic, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, qos)}, null,
                    completing(done, "the broker refused the subscription to " + topic), (MqttProperties) null);
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, OutboundMessage message, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(message.utf8());
        p.setContentType(message.contentType());
        p.setCorrelationData(message.correlationData());
        p.setResponseTopic(message.responseTopic());
        List<UserProperty> user = new ArrayList<>(message.userProperties().size());
        message.userProperties().forEach((k, v) -> user.add(new UserProperty(k, v)));
        p.setUserProperties(user);
        try {
            client.publish(topic, new MqttMessage(message.payload(), qos, retain, p), null,
                    completing(done, "the broker refused the publish"));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Completes {@code done} with the token's outcome; a reason code of 0x80 or more is a refusal. */
    private static MqttActionListener completing(CompletableFuture<Void> done, String what) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null) {
                    for (int code : codes) {
                        if (code >= 0x80) {
                            done.completeExceptionally(new Refused(what, code, new MqttException(code).getMessage()));
                            return;
                        }
                    }
                }
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                done.completeExceptionally(cause);
            }
        };
    }

    /** CONNACK 0x86 (bad user name or password), 0x87 (not authorized) or 0x8C (bad authentication method). */
    @Override
    public boolean refusedLogin(Throwable error) {
        int code = error instanceof MqttException e ? e.getReasonCode() : error instanceof Refused r ? r.reasonCode() : -1;
        return code == 0x86 || code == 0x87 || code == 0x8C;
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
    public void disconnected(MqttDisconnectResponse response) {
        Throwable cause = response.getException();
        if (cause == null) {
            int code = response.getReturnCode();
            String reason = response.getReasonString() != null ? response.getReasonString()
                    : new MqttException(code).getMessage();
            cause = new Refused("the broker closed the connection", code, reason);
        }
        listener.connectionLost(cause);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT target {}: client error: {}", settings.connId(), settings.redact(exception.toString()));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        MqttProperties p = message.getProperties() == null ? new MqttProperties() : message.getProperties();
        Map<String, String> user = new LinkedHashMap<>();
        if (p.getUserProperties() != null) {
            p.getUserProperties().forEach(u -> user.putIfAbsent(u.getKey(), u.getValue()));
        }
        listener.messageArrived(new InboundMessage(topic, message.getPayload(), p.getPayloadFormat(),
                p.getContentType(), p.getCorrelationData(), user));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // each publish has its own listener
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // the connect future reports it
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
