package dev.eventbridge.core.bridge;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import java.time.Duration;
import java.util.Map;

/** The bridge's own options, under the prefix {@code bridge.}. */
public final class BridgeOptions {

    public static final String PREFIX = "bridge";

    public static final ConfigOption<String> HTTP_HOST = ConfigOption.string("http.host", "127.0.0.1",
            "Address the HTTP API listens on; 0.0.0.0 for every interface.");
    public static final ConfigOption<Integer> HTTP_PORT = ConfigOption.integer("http.port", 8080,
            "Port of the HTTP API; 0 picks a free one.").mustBe("between 0 and 65535", p -> p >= 0 && p <= 65535);
    public static final ConfigOption<Integer> HTTP_MAX_BODY = ConfigOption.integer("http.max.body.bytes", 1_048_576,
            "Largest request body accepted; larger ones get 413.").mustBe("positive", n -> n > 0);
    public static final ConfigOption<Duration> HTTP_HEADER_TIMEOUT = ConfigOption.duration("http.header.timeout", Duration.ofSeconds(10),
            "Longest a client may take to send a request's line and headers, on a new connection or once a kept-alive one"
            + " has been idle for http.idle.timeout; the connection is closed after it.").mustBe("positive", d -> !d.isNegative() && !d.isZero());
    public static final ConfigOption<Duration> HTTP_BODY_TIMEOUT = ConfigOption.duration("http.body.timeout", Duration.ofSeconds(30),
            "Longest a client may take to send a request's body after its headers; later gets 408 and the connection is closed.")
            .mustBe("positive", d -> !d.isNegative() && !d.isZero());
    public static final ConfigOption<Duration> HTTP_IDLE_TIMEOUT = ConfigOption.duration("http.idle.timeout", Duration.ofSeconds(60),
            "A connection with nothing sent or received for this long is closed.").mustBe("positive", d -> !d.isNegative() && !d.isZero());
    public static final ConfigOption<Integer> HTTP_MAX_CONNECTIONS = ConfigOption.integer("http.max.connections", 1024,
            "Open HTTP connections allowed; further ones are closed as soon as they are accepted.").mustBe("positive", n -> n > 0);
    public static final ConfigOption<Boolean> METRICS_ENABLED = ConfigOption.bool("metrics.enabled", true,
            "Whether the bridge keeps metrics and serves them at GET /metrics; off, every meter does nothing (the "
            + "benchmark's METRICS row measures what they cost) and subscription status counts read 0.");
    public static final ConfigOption<String> LOG_FORMAT = ConfigOption.string("log.format", "text",
            "Console log format: text (one readable line per entry) or json (one JSON object per line, logback's JsonEncoder).")
            .oneOf("text", "json");
    public static final ConfigOption<Duration> LOG_SUMMARY_INTERVAL = ConfigOption.duration("log.summary.interval", Duration.ofSeconds(60),
            "How often each busy subscription gets one INFO line (delivered, rate, lag, in flight, rejects, dead letters); 0 for none.")
            .mustBe("zero or positive", d -> !d.isNegative());
    public static final ConfigOption<String> DATA_DIR = ConfigOption.string("data.dir", "data",
            "Directory of the embedded H2 database.");
    public static final ConfigOption<String> STORE_URL = ConfigOption.string("store.url", null,
            "JDBC URL of the store; default: an H2 file in data.dir. Use jdbc:postgresql://... for a shared server database.");
    public static final ConfigOption<String> STORE_USERNAME = ConfigOption.string("store.username", "sa", "Store user name.");
    public static final ConfigOption<String> STORE_PASSWORD = ConfigOption.password("store.password", "Store password.");
    public static final ConfigOption<String> PLUGINS_DIR = ConfigOption.string("plugins.dir", "plugins",
            "Directory of plugin jars (each jar, or each sub-directory of jars, is one plugin).");
    public static final ConfigOption<Integer> PAGE_SIZE = ConfigOption.integer("dispatch.page.size", 500,
            "Events a dispatcher reads from the log at a time.").mustBe("between 1 and 10000", n -> n >= 1 && n <= 10_000);
    public static final ConfigOption<Boolean> STORE_SHARED = ConfigOption.bool("store.shared", null,
            "Whether several bridge instances share the store, so subscriptions are leased to one instance at a time;"
            + " default: true for server databases (PostgreSQL, H2 over TCP), false for embedded H2.");
    public static final ConfigOption<Duration> LEASE_TTL = ConfigOption.duration("lease.ttl", Duration.ofSeconds(15),
            "With a shared store, how long an instance's claim on a subscription lasts without renewal, by the database's clock;"
            + " a crashed or frozen instance's subscriptions move to another within this.");
    public static final ConfigOption<Duration> LEASE_MARGIN = ConfigOption.duration("lease.margin", null,
            "With a shared store, how much of its lease a dispatcher must have left to start a send (it covers the time a send"
            + " takes to reach the broker); less than two thirds of lease.ttl; default: a third of lease.ttl.");
    public static final ConfigOption<Duration> SHUTDOWN_GRACE = ConfigOption.duration("shutdown.grace", Duration.ofSeconds(5),
            "How long shutdown waits for in-flight deliveries to be answered.");

    /** Subscriptions declared in the file: created at start-up when absent (group {@code bridge.subscriptions.<name>}). */
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final ConfigOption<String> SUB_TRANSPORT = ConfigOption.string("transport", null,
            "Plugin that delivers the subscription.").asRequired();
    public static final ConfigOption<String> SUB_NAMESPACE = ConfigOption.string("namespace", "default", "Namespace of the subscription.");
    public static final ConfigOption<String> SUB_FILTER_TYPE = ConfigOption.string("filter.type", null, "Regular expression on the event type.");
    public static final ConfigOption<String> SUB_FILTER_TOPIC = ConfigOption.string("filter.topic", null, "Regular expression on the event topic.");
    public static final ConfigOption<String> SUB_FIRST_EVENT = ConfigOption.string("first.event", "oldest",
            "Where a new subscription starts: oldest, newest or a sequence number.");
    public static final ConfigOption<Integer> SUB_READ_AHEAD = ConfigOption.integer("read.ahead", 0,
            "Deliveries in flight beyond the first.").mustBe("between 0 and 65535", n -> n >= 0 && n <= 65_535);
    public static final ConfigOption<Boolean> SUB_WITH_DATA = ConfigOption.bool("with.data", true, "Whether deliveries carry the event data.");
    public static final ConfigOption<Integer> SUB_RETRY_MAX_ATTEMPTS = ConfigOption.integer("retry.max.attempts", 0,
            "Deliveries of one event before it is dead-lettered; 0 retries for ever.").mustBe("0 or more", n -> n >= 0);
    public static final ConfigOption<Duration> SUB_RETRY_INITIAL = ConfigOption.duration("retry.initial.backoff", Duration.ofMillis(100),
            "Pause before the first redelivery after a reject; doubles with each further attempt.");
    public static final ConfigOption<Duration> SUB_RETRY_MAX = ConfigOption.duration("retry.max.backoff", Duration.ofSeconds(10),
            "Longest pause between redeliveries.");
    public static final ConfigOption<Boolean> SUB_BATCH = ConfigOption.bool("batch", false,
            "Whether deliveries go to the plugin in batches (a plugin with the batch capability, jms and amqp, sends each"
            + " batch in one broker transaction); others deliver one by one.");
    public static final ConfigOption<Integer> SUB_BATCH_SIZE = ConfigOption.integer("batch.size", 50,
            "The most deliveries in one batch; a batch is also bounded by read.ahead + 1.").mustBe("1 or more", n -> n >= 1);
    public static final ConfigOption<Duration> SUB_BATCH_TIMEOUT = ConfigOption.duration("batch.timeout", Duration.ofMillis(50),
            "How long a partial batch may wait to fill once the subscription is busy.");
    public static final ConfigOption<Map<String, String>> SUB_OPTIONS = ConfigOption.map("options",
            "Plugin-specific subscription options: options.<key>=<value>.");

    private BridgeOptions() {
    }

    /** The HTTP API's settings from the bridge's section. */
    public static dev.eventbridge.core.http.HttpSettings httpSettings(ConfigSection bridge) {
        return new dev.eventbridge.core.http.HttpSettings(bridge.get(HTTP_HOST), bridge.get(HTTP_PORT), bridge.get(HTTP_MAX_BODY),
                bridge.get(HTTP_HEADER_TIMEOUT), bridge.get(HTTP_BODY_TIMEOUT), bridge.get(HTTP_IDLE_TIMEOUT), bridge.get(HTTP_MAX_CONNECTIONS));
    }

    /** Declares every bridge option on its section. */
    public static void declare(ConfigSection section) {
        for (ConfigOption<?> o : new ConfigOption<?>[] {HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY, HTTP_HEADER_TIMEOUT,
                HTTP_BODY_TIMEOUT, HTTP_IDLE_TIMEOUT, HTTP_MAX_CONNECTIONS, METRICS_ENABLED, LOG_FORMAT, LOG_SUMMARY_INTERVAL, DATA_DIR, STORE_URL, STORE_USERNAME,
                STORE_PASSWORD, STORE_SHARED, LEASE_TTL, LEASE_MARGIN, PLUGINS_DIR, PAGE_SIZE, SHUTDOWN_GRACE}) {
            section.declare(o);
        }
        ConfigSection subs = section.group(SUBSCRIPTIONS);
        for (ConfigOption<?> o : new ConfigOption<?>[] {SUB_TRANSPORT, SUB_NAMESPACE, SUB_FILTER_TYPE, SUB_FILTER_TOPIC, SUB_FIRST_EVENT,
                SUB_READ_AHEAD, SUB_WITH_DATA, SUB_RETRY_MAX_ATTEMPTS, SUB_RETRY_INITIAL, SUB_RETRY_MAX, SUB_BATCH, SUB_BATCH_SIZE,
                SUB_BATCH_TIMEOUT, SUB_OPTIONS}) {
            subs.declare(o);
        }
    }
}
