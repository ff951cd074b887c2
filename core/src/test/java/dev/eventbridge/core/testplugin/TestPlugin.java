package dev.eventbridge.core.testplugin;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.Capabilities;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.event.Reply;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The core's test double for a transport: records every delivery and lets the test answer it.
 * Not a broker mock: it stands where a plugin stands, and tests drive the real engine through it.
 */
public class TestPlugin implements Plugin {

    public static final ConfigOption<Integer> CONNECTIONS = ConfigOption.integer("connections", 0,
            "Connections named test.0, test.1, ... registered at init, serving every subscription.");
    public static final ConfigOption<Boolean> AUTO_ACK = ConfigOption.bool("auto.ack", false, "Ack every delivery at once.");
    public static final ConfigOption<Boolean> BATCH = ConfigOption.bool("batch", false, "Advertise batch delivery.");
    public static final ConfigOption<String> SECRET = ConfigOption.password("secret", "A secret that must never be logged.");

    /** One delivery as the plugin saw it. */
    public record Delivered(String connId, Subscription subscription, EventDelivery delivery, DataArray data) {
        public long sequence() {
            return delivery.event().sequence();
        }
    }

    public final List<Delivered> deliveries = new CopyOnWriteArrayList<>();
    public final AtomicInteger batchRequests = new AtomicInteger();
    public volatile Callbacks callbacks;
    public volatile boolean autoAck;
    /** When set, deliveryRequest waits for it to open before recording (a dispatcher held mid-send). */
    public volatile java.util.concurrent.CountDownLatch gate;
    private boolean batch;

    @Override
    public String name() {
        return "test";
    }

    @Override
    public void initConfig(ConfigSection section) {
        section.declare(CONNECTIONS);
        section.declare(AUTO_ACK);
        section.declare(BATCH);
        section.declare(SECRET);
    }

    @Override
    public void init(ConfigSection section, Callbacks callbacks) {
        this.callbacks = callbacks;
        this.autoAck = section.get(AUTO_ACK);
        this.batch = section.get(BATCH);
        for (int i = 0; i < section.get(CONNECTIONS); i++) {
            callbacks.registerConnection("test." + i, SubscriptionMatcher.all());
        }
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(batch);
    }

    @Override
    public SubscriptionOptions validateOptions(SubscriptionOptions options) throws InvalidOptionsException {
        if (options.plugin().containsKey("refuse")) {
            throw new InvalidOptionsException("plugin option 'refuse' is refused by the test plugin");
        }
        return options;
    }

    @Override
    public void deliveryRequest(String connId, Subscription subscription, EventDelivery delivery, DataArray data) {
        java.util.concurrent.CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(); // the calling dispatcher stands still here, as in a frozen JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Delivered d = new Delivered(connId, subscription, delivery, data);
        deliveries.add(d);
        if (autoAck) {
            ack(d);
        }
    }

    @Override
    public void deliveryBatchRequest(String connId, Subscription subscription, List<EventDelivery> batch, List<DataArray> data) {
        batchRequests.incrementAndGet();
        Plugin.super.deliveryBatchRequest(connId, subscription, batch, data);
    }

    public void ack(Delivered d) {
        callbacks.deliveryResponse(d.connId(), DeliveryResponse.ack(d.delivery()));
    }

    public void reply(Delivered d, Reply reply) {
        callbacks.deliveryResponse(d.connId(), DeliveryResponse.ack(d.delivery(), reply));
    }

    public void reject(Delivered d, String reason) {
        callbacks.deliveryResponse(d.connId(), DeliveryResponse.reject(d.delivery(), reason));
    }

    public void rejectPermanently(Delivered d, String reason) {
        callbacks.deliveryResponse(d.connId(), DeliveryResponse.rejectPermanently(d.delivery(), reason));
    }

    /** Sequences delivered for a subscription, in delivery order. */
    public List<Long> sequences(String subscriptionName) {
        return deliveries.stream().filter(d -> d.subscription().ref().name().equals(subscriptionName)).map(Delivered::sequence).toList();
    }
}
