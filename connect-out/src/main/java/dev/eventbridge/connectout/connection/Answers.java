package dev.eventbridge.connectout.connection;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.metrics.ConnectionMetrics;
import dev.eventbridge.connectout.send.SendWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a target's deliveries to the core, each exactly once: whoever takes a delivery out of the
 * {@link SendWindow} answers it. A run of rejects for one reason is logged once as a WARN (then at
 * DEBUG per event) until an ack or another reason comes. Thread-safe.
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    private final String connId;
    private final Callbacks callbacks;
    private final SendWindow window;
    private final ConnectionMetrics metrics;
    private volatile String lastRejectReason;

    Answers(String connId, Callbacks callbacks, SendWindow window, ConnectionMetrics metrics) {
        this.connId = connId;
        this.callbacks = callbacks;
        this.window = window;
        this.metrics = metrics;
    }

    /** Acks the sent delivery with {@code key}, unless it was answered already. */
    void ack(long key) {
        EventDelivery delivery = window.remove(key);
        if (delivery != null) {
            lastRejectReason = null;
            callbacks.deliveryResponse(connId, DeliveryResponse.ack(delivery));
        }
    }

    /** Rejects the sent delivery with {@code key}, unless it was answered already. */
    void reject(long key, String reason) {
        reject(key, reason, false);
    }

    /** Rejects the sent delivery with {@code key}, permanently if so, unless it was answered already. */
    void reject(long key, String reason, boolean permanent) {
        boolean deadLetter = window.isDeadLetter(key);
        EventDelivery delivery = window.remove(key);
        if (delivery == null) {
            return;
        }
        metrics.sendFailed(); // a send that started: refused, timed out, or failed on a live connection
        if (deadLetter) { // the core logs it and sends it again later, whatever the kind of failure
            LOG.debug("{}: the dead letter of event {} was not accepted: {}", connId, delivery.event().id(), reason);
            callbacks.deliveryResponse(connId, DeliveryResponse.reject(delivery, reason));
        } else if (permanent) {
            LOG.warn("{}: event {} can never be delivered, dead-lettering it: {}", connId, delivery.event().id(), reason);
            callbacks.deliveryResponse(connId, DeliveryResponse.rejectPermanently(delivery, reason));
        } else {
            reject(delivery, reason);
        }
    }

    /** Rejects every delivery, sent or waiting, oldest first. */
    void rejectAll(String reason) {
        for (EventDelivery delivery : window.drain()) {
            reject(delivery, reason);
        }
    }

    /** Rejects a sent delivery the broker left unconfirmed too long (already taken out of the window); a failed send. */
    void rejectUnconfirmed(EventDelivery delivery, String reason) {
        metrics.sendFailed();
        reject(delivery, reason);
    }

    /** Rejects a delivery that never entered the window. */
    void reject(EventDelivery delivery, String reason) {
        if (!reason.equals(lastRejectReason)) {
            lastRejectReason = reason;
            LOG.warn("{}: rejects deliveries: {}", connId, reason);
        } else {
            LOG.debug("{}: rejects event {}: {}", connId, delivery.event().id(), reason);
        }
        callbacks.deliveryResponse(connId, DeliveryResponse.reject(delivery, reason));
    }
}
