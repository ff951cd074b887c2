package dev.eventbridge.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.store.DeadLetter;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.LeaseAttempt;
import dev.eventbridge.core.store.LeaseToken;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreChanges;
import dev.eventbridge.core.store.StoreHealth;
import dev.eventbridge.core.store.StoredEvent;
import dev.eventbridge.core.store.jdbc.deadletters.DeadLetterTable;
import dev.eventbridge.core.store.jdbc.events.EventTable;
import dev.eventbridge.core.store.jdbc.leases.LeaseTable;
import dev.eventbridge.core.store.jdbc.notify.Channels;
import dev.eventbridge.core.store.jdbc.notify.NotificationListener;
import dev.eventbridge.core.store.jdbc.offsets.OffsetTable;
import dev.eventbridge.core.store.jdbc.schema.Migrations;
import dev.eventbridge.core.store.jdbc.subscriptions.SubscriptionTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a JDBC database: H2 embedded (file or in-memory) or PostgreSQL shared by several
 * bridge instances. Opening it migrates the schema ({@link Migrations}); each table has its own
 * class: the log ({@link EventTable}), subscriptions, offsets, leases, dead letters.
 */
public final class JdbcEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
    /** How long PostgreSQL lets a session sit idle inside a transaction (a frozen or stalled instance) before ending it. */
    public static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final EventTable events;
    private final SubscriptionTable subscriptions;
    private final OffsetTable offsets;
    private final LeaseTable leases;
    private final DeadLetterTable deadLetters;
    /** PostgreSQL only: hears other instances' commits; started by the first {@link #listen}. */
    private final NotificationListener notifications;
    private final StoreMonitor monitor;

    /**
     * Connects and migrates the schema.
     *
     * @param url a JDBC URL, for example {@code jdbc:h2:file:./data/eventbridge} or {@code jdbc:postgresql://db/eventbridge}
     */
    public JdbcEventStore(String url, String username, String password) {
        this.dialect = Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("eventbridge-store");
        config.setConnectionTimeout(10_000);
        if (dialect == Dialect.POSTGRESQL) {
            // a frozen instance must not hold the log head's row lock (every append waits on it) for longer than this
            config.setConnectionInitSql("SET idle_in_transaction_session_timeout = '" + IDLE_IN_TRANSACTION.toMillis() + "ms'");
            // a dead peer that sends no reset must not block a dispatcher or the log writer in a read for ever
            config.addDataSourceProperty("socketTimeout", "60");
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store at " + redacted(url) + ": " + rootMessage(e), e);
        }
        try {
            String version = Migrations.migrate(dataSource, dialect);
            this.monitor = new StoreMonitor(dataSource);
            this.events = new EventTable(dataSource, dialect, soleWriter(url));
            this.notifications = dialect == Dialect.POSTGRESQL ? new NotificationListener(url, username, password) : null;
            this.subscriptions = new SubscriptionTable(dataSource, notifications != null);
            this.leases = new LeaseTable(dataSource, dialect);
            this.offsets = new OffsetTable(dataSource, dialect, leases);
            this.deadLetters = new DeadLetterTable(dataSource, dialect, leases);
            LOG.info("Store open at {} (schema version {}), last sequence {}", redacted(url), version, events.lastSequence());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Whether this store is the only writer of an H2 database on disk (embedded, not in memory, not
     * over TCP, not AUTO_SERVER): then it knows which appends are on disk, see {@link EventTable}.
     */
    static boolean soleWriter(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:mem:") && !u.startsWith("jdbc:h2:tcp:")
                && !u.startsWith("jdbc:h2:ssl:") && !u.matches(".*;\\s*auto_server\\s*=\\s*true.*");
    }

    /** A JDBC URL without a password in it. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public List<Event> append(List<NewEvent> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return monitor.write(() -> events.append(batch,
                notifications == null ? null : (c, last) -> Channels.notify(c, Channels.EVENTS, Long.toString(last))));
    }

    @Override
    public List<StoredEvent> readAfter(long afterSequence, int limit, boolean withData) {
        return monitor.read(() -> events.readAfter(afterSequence, limit, withData));
    }

    @Override
    public Optional<StoredEvent> event(UUID id) {
        return monitor.read(() -> events.event(id));
    }

    @Override
    public long lastSequence() {
        return monitor.read(events::lastSequence);
    }

    @Override
    public void createSubscription(Subscription s, long initialOffset) {
        monitor.write(() -> subscriptions.create(s, initialOffset));
    }

    @Override
    public Subscription createSubscriptionIfAbsent(Subscription s, long initialOffset) {
        return monitor.write(() -> subscriptions.createIfAbsent(s, initialOffset));
    }

    @Override
    public List<Subscription> subscriptions() {
        return monitor.read(subscriptions::all);
    }

    @Override
    public Optional<Subscription> subscription(UUID id) {
        return monitor.read(() -> subscriptions.byId(id));
    }

    @Override
    public boolean deleteSubscription(UUID id) {
        return monitor.write(() -> subscriptions.delete(id));
    }

    @Override
    public OptionalLong committedOffset(UUID subscriptionId) {
        return monitor.read(() -> offsets.committed(subscriptionId));
    }

    @Override
    public void commitOffset(UUID subscriptionId, long sequence) {
        monitor.write(() -> offsets.commit(subscriptionId, sequence));
    }

    @Override
    public void commitOffset(LeaseToken fence, long sequence) {
        monitor.write(() -> offsets.commit(fence, sequence));
    }

    @Override
    public void deadLetter(DeadLetter d, LeaseToken fence) {
        monitor.write(() -> deadLetters.record(d, fence));
    }

    @Override
    public List<DeadLetter> deadLetters(UUID subscriptionId, int limit) {
        return monitor.read(() -> deadLetters.list(subscriptionId, limit));
    }

    @Override
    public LeaseAttempt acquireLease(UUID subscriptionId, String owner, Duration ttl) {
        return monitor.write(() -> leases.acquire(subscriptionId, owner, ttl));
    }

    @Override
    public boolean renewLease(LeaseToken token, Duration ttl) {
        return monitor.write(() -> leases.renew(token, ttl));
    }

    @Override
    public void releaseLease(LeaseToken token) {
        monitor.write(() -> leases.release(token));
    }

    @Override
    public void listen(StoreChanges listener) {
        if (notifications != null) {
            notifications.add(listener);
        }
    }

    @Override
    public StoreHealth health() {
        return monitor.health();
    }

    /** Whether this store hears other instances' changes now (PostgreSQL, listening connection open). */
    public boolean hearingChanges() {
        return notifications != null && notifications.listening();
    }

    @Override
    public void close() {
        monitor.close();
        events.close();
        if (notifications != null) {
            notifications.close();
        }
        dataSource.close();
        LOG.info("Store closed");
    }
}
