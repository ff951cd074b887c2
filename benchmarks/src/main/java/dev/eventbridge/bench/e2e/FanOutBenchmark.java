package dev.eventbridge.bench.e2e;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * P3: the cost of one delivery when 1 subscription and when {@code --subs} subscriptions read the
 * same events. For each case, on a fresh broker and bridge (amqp plugin, one queue): publish E
 * events, deliver them once through a warm-up subscription, then create the measured subscriptions
 * (from the oldest event, readAhead = window - 1) over HTTP and time until every committed offset
 * covers all E events. Cost per delivery = that time / (E × subscriptions); the ratio is the cost
 * at many subscriptions over the cost at one.
 */
public final class FanOutBenchmark {

    private static final double TARGET = 1.2;

    private final Options options;
    private final Payloads payloads;

    public FanOutBenchmark(Options options) {
        this.options = options;
        this.payloads = new Payloads(options.payload());
    }

    public Row run() throws Exception {
        int events = options.fanoutEvents();
        String metric = String.format(Locale.ROOT, "P3 fan-out cost per delivery, AMQP, %,d events × 1 vs %d subscriptions, %d B", events,
                options.subs(), payloads.size());
        double one = microsPerDelivery(1, events);
        double many = microsPerDelivery(options.subs(), events);
        double ratio = many / one;
        String bridge = String.format(Locale.ROOT, "1 sub: %.1f µs (%s); %d subs: %.1f µs (%s)", one, ResultTable.rate(1e6 / one),
                options.subs(), many, ResultTable.rate(1e6 / many));
        return new Row(metric, bridge, "—", ResultTable.ratio(ratio) + " (" + options.subs() + " subs / 1 sub)", "≤ 1.2", ratio <= TARGET);
    }

    private double microsPerDelivery(int subscriptions, int events) throws Exception {
        Progress.say("P3: %d subscription(s) over %,d events", subscriptions, events);
        try (Workspace ws = new Workspace("fanout-" + subscriptions)) {
            EmbeddedBroker broker = new EmbeddedBroker(ws.dir("broker")).start();
            try (BridgeFixture fixture = BridgeFixture.start(BridgeFixture.config(ws.dir("bridge"), Transport.AMQP, broker, "BENCH.FANOUT"))) {
                BridgeClient client = fixture.client();
                client.publish(payloads, "fanout", events, 4);
                String warm = client.createSubscription("warmup", Transport.AMQP, options.readAhead());
                ThroughputBenchmark.require(client.awaitCommitted(List.of(warm), events, Duration.ofMinutes(2)),
                        "warm-up subscription not done within 2 minutes");
                List<String> ids = new ArrayList<>();
                long start;
                long nanos;
                try (Profiler p = Profiler.start(options.jfr(), "fanout-" + subscriptions)) {
                    start = System.nanoTime();
                    for (int i = 0; i < subscriptions; i++) {
                        ids.add(client.createSubscription("fan-" + i, Transport.AMQP, options.readAhead()));
                    }
                    ThroughputBenchmark.require(client.awaitCommitted(ids, events, Duration.ofMinutes(10)),
                            "the subscriptions did not deliver every event within 10 minutes");
                    nanos = System.nanoTime() - start;
                }
                long onQueue = broker.messageCount("BENCH.FANOUT");
                ThroughputBenchmark.require(onQueue >= (long) events * (subscriptions + 1),
                        "only " + onQueue + " messages reached BENCH.FANOUT");
                return nanos / 1000.0 / ((double) events * subscriptions);
            } finally {
                broker.stop();
            }
        }
    }
}
