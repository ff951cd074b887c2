package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;

/**
 * Measures publish → broker-accepted: the sender notes when it starts sending message
 * {@code r<i>}; the broker's routing hook ({@code EmbeddedBroker.onRouted}) looks the message's
 * reference property up and records the difference, in microseconds. The first {@code warmup}
 * messages are not recorded.
 */
public final class LatencyProbe implements Consumer<Message> {

    /** The property the raw client puts the reference in; the bridge's amqp plugin uses {@code cloudEvents_reference}. */
    public static final String REFERENCE_PROPERTY = "bench_ref";

    private final AtomicLongArray sentAt;
    private volatile String address;
    private volatile SimpleString property;
    private volatile int warmup;
    private volatile Histogram histogram = newHistogram();

    public LatencyProbe(int capacity) {
        this.sentAt = new AtomicLongArray(capacity);
    }

    private static Histogram newHistogram() {
        return new SynchronizedHistogram(60_000_000L, 3);
    }

    /** Starts a measurement of the messages routed to {@code address}, read from {@code property}. */
    public void arm(String address, String property, int warmup) {
        for (int i = 0; i < sentAt.length(); i++) {
            sentAt.set(i, 0L);
        }
        this.histogram = newHistogram();
        this.warmup = warmup;
        this.property = SimpleString.of(property);
        this.address = address;
    }

    /** Called just before message {@code index} is handed to the client or the bridge. */
    public void sending(int index) {
        sentAt.set(index, System.nanoTime());
    }

    public static String reference(int index) {
        return "r" + index;
    }

    @Override
    public void accept(Message message) {
        long now = System.nanoTime();
        String a = address;
        if (a == null || !a.equals(message.getAddress())) {
            return;
        }
        Object ref = message.getObjectProperty(property);
        if (ref == null) {
            return;
        }
        String text = ref.toString();
        if (text.length() < 2 || text.charAt(0) != 'r') {
            return;
        }
        int index;
        try {
            index = Integer.parseInt(text.substring(1));
        } catch (NumberFormatException e) {
            return;
        }
        if (index < warmup || index >= sentAt.length()) {
            return;
        }
        long start = sentAt.get(index);
        if (start != 0L) {
            histogram.recordValue(Math.max(0, (now - start) / 1000));
        }
    }

    /** What was recorded since {@link #arm}. */
    public Histogram histogram() {
        return histogram.copy();
    }
}
