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
            this.events = new EventTable(dataSource, dialect);
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
        return events.append(batch, notifications == null ? null : (c, last) -> Channels.notify(c, Channels.EVENTS, Long.toString(last)));
    }

    @Override
    public List<StoredEvent> readAfter(long afterSequence, int limit, boolean withData) {
        return events.readAfter(afterSequence, limit, withData);
    }

    @Override
    public Optional<StoredEvent> event(UUID id) {
        return events.event(id);
    }

    @Override
    public long lastSequence() {
        return events.lastSequence();
    }

    @Override
    public void createSubscription(Subscription s, long initialOffset) {
        subscriptions.create(s, initialOffset);
    }

    @Override
    public Subscription createSubscriptionIfAbsent(Subscription s, long initialOffset) {
        return subscriptions.createIfAbsent(s, initialOffset);
    }

    @Override
    public List<Subscription> subscriptions() {
        return subscriptions.all();
    }

    @Override
    public Optional<Subscription> subscription(UUID id) {
        return subscriptions.byId(id);
    }

    @Override
    public boolean deleteSubscription(UUID id) {
        return subscriptions.delete(id);
    }

    @Override
    public OptionalLong committedOffset(UUID subscriptionId) {
        return offsets.committed(subscriptionId);
    }

    @Override
    public void commitOffset(UUID subscriptionId, long sequence) {
        offsets.commit(subscriptionId, sequence);
    }

    @Override
    public void commitOffset(LeaseToken fence, long sequence) {
        offsets.commit(fence, sequence);
    }

    @Override
    public void deadLetter(DeadLetter d, LeaseToken fence) {
        deadLetters.record(d, fence);
    }

    @Override
    public List<DeadLetter> deadLetters(UUID subscriptionId, int limit) {
        return deadLetters.list(subscriptionId, limit);
    }

    @Override
    public LeaseAttempt acquireLease(UUID subscriptionId, String owner, Duration ttl) {
        return leases.acquire(subscriptionId, owner, ttl);
    }

    @Override
    public boolean renewLease(LeaseToken token, Duration ttl) {
        return leases.renew(token, ttl);
    }

    @Override
    public void releaseLease(LeaseToken token) {
        leases.release(token);
    }

    @Override
    public void listen(StoreChanges listener) {
        if (notifications != null) {
            notifications.add(listener);
        }
    }

    /** Whether this store hears other instances' changes now (PostgreSQL, listening connection open). */
    public boolean hearingChanges() {
        return notifications != null && notifications.listening();
    }

    @Override
    public void close() {
        if (notifications != null) {
            notifications.close();
        }
        dataSource.close();
        LOG.info("Store closed");
    }
}
