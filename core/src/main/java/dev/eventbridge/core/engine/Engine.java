package dev.eventbridge.core.engine;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.Capabilities;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.Reply;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.core.dispatch.DispatchSettings;
import dev.eventbridge.core.dispatch.Dispatcher;
import dev.eventbridge.core.dispatch.Lease;
import dev.eventbridge.core.dispatch.Offsets;
import dev.eventbridge.core.dispatch.StoreOffsets;
import dev.eventbridge.core.filter.EventFilter;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.log.EventLog;
import dev.eventbridge.core.metrics.ActivityLog;
import dev.eventbridge.core.metrics.BridgeMetrics;
import dev.eventbridge.core.metrics.SubscriptionMeters;
import dev.eventbridge.core.metrics.SubscriptionStatus;
import dev.eventbridge.core.store.EventStore;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.StoreChanges;
import dev.eventbridge.core.store.StoreRefusedException;
import dev.eventbridge.core.store.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch engine. It implements the core's side of the SPI for each plugin (see
 * {@link #attach(Plugin)}), keeps the durable subscriptions (stored) and ephemeral ones (memory),
 * and assigns each subscription to exactly one matching connection, running one {@link Dispatcher}
 * for it. Assignment changes (connections registered or closed, subscriptions created or deleted)
 * run on one coordinator thread, so plugin threads never wait for a dispatcher to stop.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** How many of the newest events the log keeps in memory for dispatchers that have caught up. */
    private static final int TAIL_EVENTS = 8192;
    /**
     * Threads running dispatcher steps. A step never waits on a broker (plugins answer later), only
     * on the store, so a few threads serve any number of subscriptions.
     */
    private static final int DISPATCH_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final EventStore store;
    private final EventLog log;
    private final DispatchSettings settings;
    private final Duration stopGrace;
    private final java.util.concurrent.ScheduledExecutorService coordinator;
    private final String instanceId = UUID.randomUUID().toString();
    private final ExecutorService replyExecutor;
    /** Where every dispatcher's steps run: a few threads for any number of subscriptions. */
    private final java.util.concurrent.ScheduledThreadPoolExecutor dispatchPool;

    private final Map<String, PluginHandle> plugins = new ConcurrentHashMap<>();
    /** Registered connections in registration order; guarded by {@code this}. */
    private final Map<String, ConnectionInfo> connections = new LinkedHashMap<>();
    private final Map<UUID, Subscription> durable = new ConcurrentHashMap<>();
    private final Map<UUID, Ephemeral> ephemeral = new ConcurrentHashMap<>();
    private final Map<UUID, Dispatcher> active = new ConcurrentHashMap<>();
    private final AtomicLong registrations = new AtomicLong();
    private final Leasing leasing;
    private final BridgeMetrics metrics;
    private volatile boolean closed;
    /** With a shared store: the log's head as last read from the store, and when (nanoTime). */
    private volatile long sharedHead;
    private volatile long sharedHeadRead = System.nanoTime() - 10_000_000_000L;

    private record Ephemeral(Subscription subscription, String owner, AtomicLong offset) {
    }

    public Engine(EventStore store, DispatchSettings settings, Duration stopGrace) {
        this(store, settings, stopGrace, BridgeMetrics.bridgeOnly(), Duration.ZERO);
    }

    /**
     * An engine reporting to {@code metrics}, writing a one-line activity summary per busy
     * subscription every {@code summaryInterval} (zero for none).
     */
    public Engine(EventStore store, DispatchSettings settings, Duration stopGrace, BridgeMetrics metrics, Duration summaryInterval) {
        this.metrics = metrics;
        this.store = store;
        this.settings = settings;
        this.stopGrace = stopGrace;
        this.log = new EventLog(store, settings.leases() ? 0 : TAIL_EVENTS); // shared: other instances append unseen
        this.coordinator = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "eventbridge-coordinator"));
        this.replyExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "eventbridge-replies"));
        AtomicLong dispatchThreads = new AtomicLong();
        this.dispatchPool = new java.util.concurrent.ScheduledThreadPoolExecutor(DISPATCH_THREADS,
                r -> daemon(r, "eventbridge-dispatch-" + dispatchThreads.incrementAndGet()));
        this.dispatchPool.setRemoveOnCancelPolicy(true);
        this.leasing = new Leasing(store, settings, instanceId, coordinator, this::reconcile);
        log.meters(metrics.log(this::head));
        store.subscriptions().forEach(s -> durable.put(s.ref().id(), s));
        durable.values().forEach(this::meters);
        ActivityLog.start(metrics, summaryInterval, coordinator);
        log.addListener(() -> active.values().forEach(Dispatcher::wake));
        if (settings.leases()) {
            long every = Math.max(100, settings.leaseTtl().toMillis() / 2);
            coordinator.scheduleWithFixedDelay(this::refreshFromStore, every, every, TimeUnit.MILLISECONDS);
            store.listen(new StoreChanges() {
                @Override
                public void eventsAppended() {
                    active.values().forEach(Dispatcher::wake); // another instance's commit: no idle recheck wait
                }

                @Override
                public void subscriptionsChanged() {
                    if (!closed) {
                        coordinator.execute(Engine.this::refreshFromStore);
                    }
                }

                @Override
                public void leaseReleased() {
                    reconcileLater();
                }
            });
        }
        LOG.info("Engine started with {} durable subscription(s){}", durable.size(),
                settings.leases() ? ", sharing its store with other instances (instance " + instanceId + ", lease " + settings.leaseTtl().toMillis() + " ms)" : "");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public EventStore store() {
        return store;
    }

    /** The meters this engine reports to. */
    public BridgeMetrics metrics() {
        return metrics;
    }

    /**
     * The newest sequence in the log: this instance's own appends, and with a shared store the
     * store's, read at most once a second (other instances append there too).
     */
    private long head() {
        long own = log.head();
        if (!settings.leases()) {
            return own;
        }
        if (System.nanoTime() - sharedHeadRead > 1_000_000_000L) {
            try {
                sharedHead = store.lastSequence();
                sharedHeadRead = System.nanoTime();
            } catch (RuntimeException e) {
                LOG.debug("Could not read the log's head: {}", e.getMessage());
            }
        }
        return Math.max(own, sharedHead);
    }

    /** The meters of {@code s}, made on first use. */
    private SubscriptionMeters meters(Subscription s) {
        UUID id = s.ref().id();
        return metrics.subscription(s.ref(), () -> committedOffset(id).orElse(0), this::head);
    }

    /** A subscription's delivery status (lag, rates, in flight, last error) as this instance sees it. */
    public Optional<SubscriptionStatus> status(UUID id) {
        return metrics.subscription(id).map(SubscriptionMeters::status);
    }

    /** The store's health: down with the reason while it fails (disk full, unreachable). */
    public dev.eventbridge.core.store.StoreHealth storeHealth() {
        return store.health();
    }

    // ---- plugins -------------------------------------------------------------------------------

    /**
     * Makes a plugin known before its {@code init}, and returns the callbacks to give it.
     * Its connections start delivering once {@link #pluginStarted(Plugin)} is called.
     */
    public Callbacks attach(Plugin plugin) {
        PluginHandle handle = new PluginHandle(plugin);
        if (plugins.putIfAbsent(plugin.name(), handle) != null) {
            throw new IllegalStateException("two plugins are named '" + plugin.name() + "'");
        }
        return new PluginCallbacks(handle);
    }

    /** The plugin's init returned: read its capabilities and start its connections' dispatchers. */
    public void pluginStarted(Plugin plugin) {
        PluginHandle handle = plugins.get(plugin.name());
        Capabilities capabilities = plugin.capabilities();
        handle.capabilities = capabilities == null ? Capabilities.none() : capabilities;
        reconcileLater();
    }

    public Collection<String> pluginNames() {
        return List.copyOf(plugins.keySet());
    }

    public Map<String, Plugin> plugins() {
        Map<String, Plugin> out = new LinkedHashMap<>();
        plugins.forEach((name, h) -> out.put(name, h.plugin));
        return out;
    }

    // ---- events ----------------------------------------------------------------------------------

    /**
     * Publishes events without waiting: the future completes, on the log writer's thread, once they
     * are stored (see {@link EventLog#publish}).
     */
    public java.util.concurrent.CompletableFuture<List<Event>> publishAsync(List<NewEvent> events) {
        return log.publish(events);
    }

    /** Publishes events and waits until they are stored. */
    public List<Event> publish(List<NewEvent> events) {
        try {
            return log.publish(events, true).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void publishReply(Event answered, Reply reply) {
        if (answered == null) {
            LOG.warn("Dropped a reply of type '{}': the event it answers is not in the log", reply.type());
            return;
        }
        try {
            publish(List.of(new NewEvent(dev.eventbridge.core.store.EventIds.next(), answered.namespace(), reply.type(),
                    reply.topic() == null ? answered.topic() : reply.topic(), reply.reference(), answered.id(),
                    Json.normalize(reply.data()), answered.traceparent(), answered.tracestate()))); // the reply keeps the trace
        } catch (InvalidEventException | StoreRefusedException e) {
            LOG.warn("Dropped a reply to event {}: {}", answered.id(), e.getMessage()); // redelivering would not make it storable
        }
    }

    // ---- subscriptions ---------------------------------------------------------------------------

    /**
     * Creates a durable subscription and starts delivering it if a connection matches.
     *
     * @throws InvalidOptionsException for a bad name, unknown transport, bad filter or options the
     *     plugin refuses
     * @throws dev.eventbridge.core.store.DuplicateSubscriptionException if the name is taken
     */
    public Subscription createSubscription(String namespace, String name, String transport, SubscriptionFilter filter,
                                           SubscriptionOptions options) throws InvalidOptionsException {
        checkName("namespace", namespace);
        checkName("name", name);
        Subscription s = validated(new SubscriptionRef(UUID.randomUUID(), namespace, name), transport, filter, options, false);
        store.createSubscription(s, initialOffset(s.options().firstEvent()));
        durable.put(s.ref().id(), s);
        meters(s);
        LOG.info("Subscription created: {} on transport {} (filter {}, firstEvent {})", s.ref(), transport, s.filter(),
                s.options().firstEvent());
        reconcileLater();
        return s;
    }

    /**
     * Creates a subscription declared in the configuration unless the store has one of that
     * namespace and name (created earlier, or by another instance declaring it at the same time);
     * either way it is delivered when a connection matches.
     */
    public Subscription declareSubscription(String namespace, String name, String transport, SubscriptionFilter filter,
                                            SubscriptionOptions options) throws InvalidOptionsException {
        checkName("namespace", namespace);
        checkName("name", name);
        Subscription s = validated(new SubscriptionRef(UUID.randomUUID(), namespace, name), transport, filter, options, false);
        Subscription stored = store.createSubscriptionIfAbsent(s, initialOffset(s.options().firstEvent()));
        durable.put(stored.ref().id(), stored);
        meters(stored);
        if (stored == s) {
            LOG.info("Subscription created: {} on transport {} (filter {}, firstEvent {})", s.ref(), transport, s.filter(),
                    s.options().firstEvent());
        } else {
            LOG.info("Subscription {} declared, already stored", stored.ref());
        }
        reconcileLater();
        return stored;
    }

    private static void checkName(String what, String value) throws InvalidOptionsException {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidOptionsException("subscription " + what + " must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + (value == null ? " (it is missing)" : ""));
        }
    }

    private Subscription validated(SubscriptionRef ref, String transport, SubscriptionFilter filter, SubscriptionOptions options,
                                   boolean isEphemeral) throws InvalidOptionsException {
        if (transport == null) {
            throw new InvalidOptionsException("subscription transport is missing (loaded transports: " + String.join(", ", plugins.keySet()) + ")");
        }
        PluginHandle plugin = plugins.get(transport);
        if (plugin == null) {
            throw new InvalidOptionsException("unknown transport '" + transport + "' (loaded transports: " + String.join(", ", plugins.keySet()) + ")");
        }
        SubscriptionFilter f = filter == null ? SubscriptionFilter.ALL : filter;
        EventFilter.compile(ref.namespace(), f);
        SubscriptionOptions o = plugin.plugin.validateOptions(options == null ? SubscriptionOptions.defaults() : options);
        if (o == null) {
            throw new InvalidOptionsException("transport '" + transport + "' returned no options from validateOptions");
        }
        return new Subscription(ref, transport, f, o, isEphemeral, Instant.now());
    }

    private long initialOffset(FirstEvent first) {
        return switch (first.kind()) {
            case OLDEST -> 0;
            case NEWEST -> store.lastSequence();
            case SEQUENCE -> first.sequence() - 1;
        };
    }

    /** Deletes a durable subscription, stopping its dispatcher. */
    public boolean deleteSubscription(UUID id) {
        Subscription s = durable.remove(id);
        if (s == null) {
            return false;
        }
        awaitReconcile();
        store.deleteSubscription(id);
        metrics.forget(id);
        LOG.info("Subscription deleted: {}", s.ref());
        return true;
    }

    /** Durable subscriptions, then ephemeral ones. */
    public List<Subscription> subscriptions() {
        List<Subscription> out = new ArrayList<>(durable.values());
        out.sort(java.util.Comparator.comparing(Subscription::created).thenComparing(s -> s.ref().name()));
        ephemeral.values().forEach(e -> out.add(e.subscription()));
        return out;
    }

    public Optional<Subscription> subscription(UUID id) {
        Subscription s = durable.get(id);
        if (s == null && ephemeral.containsKey(id)) {
            s = ephemeral.get(id).subscription();
        }
        return Optional.ofNullable(s);
    }

    /** The committed offset of a subscription. */
    public OptionalLong committedOffset(UUID id) {
        Ephemeral e = ephemeral.get(id);
        if (e != null) {
            return OptionalLong.of(e.offset().get());
        }
        return durable.containsKey(id) ? store.committedOffset(id) : OptionalLong.empty();
    }

    /** A subscription's dead letters, oldest first. */
    public List<dev.eventbridge.core.store.DeadLetter> deadLetters(UUID id, int limit) {
        return store.deadLetters(id, limit);
    }

    /** The connection currently delivering a subscription, if any. */
    public Optional<String> activeConnection(UUID subscriptionId) {
        return Optional.ofNullable(active.get(subscriptionId)).map(Dispatcher::connId);
    }

    /** Deliveries in flight for a subscription (0 when it is not active). */
    public int inFlight(UUID subscriptionId) {
        Dispatcher d = active.get(subscriptionId);
        return d == null ? 0 : d.inFlightCount();
    }

    /** Ids of registered connections, in registration order. */
    public synchronized List<String> connectionIds() {
        return List.copyOf(connections.keySet());
    }

    // ---- assignment ------------------------------------------------------------------------------

    private void reconcileLater() {
        if (!closed) {
            coordinator.execute(this::reconcile);
        }
    }

    /** Runs a reconcile and waits for it, so a caller sees its effect. */
    private void awaitReconcile() {
        if (closed) {
            return;
        }
        Future<?> f = coordinator.submit(this::reconcile);
        try {
            f.get(stopGrace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Reassigning subscriptions did not finish: {}", e.toString());
        }
    }

    /** Coordinator thread only: picks up subscriptions other instances created or deleted, and free leases. */
    private void refreshFromStore() {
        try {
            Map<UUID, Subscription> stored = new LinkedHashMap<>();
            store.subscriptions().forEach(s -> stored.put(s.ref().id(), s));
            durable.keySet().stream().filter(id -> !stored.containsKey(id)).toList().forEach(metrics::forget);
            durable.keySet().retainAll(stored.keySet());
            stored.forEach((id, s) -> {
                if (durable.putIfAbsent(id, s) == null) {
                    meters(s); // created by another instance
                }
            });
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Could not refresh subscriptions from the shared store: {}", e.getMessage());
        }
    }

    /** Coordinator thread only: brings the running dispatchers in line with connections and subscriptions. */
    private void reconcile() {
        if (closed) {
            return;
        }
        List<ConnectionInfo> conns;
        synchronized (this) {
            conns = List.copyOf(connections.values());
        }
        Map<UUID, Subscription> all = new LinkedHashMap<>();
        durable.values().forEach(s -> all.put(s.ref().id(), s));
        ephemeral.values().forEach(e -> all.put(e.subscription().ref().id(), e.subscription()));

        for (Map.Entry<UUID, Dispatcher> entry : List.copyOf(active.entrySet())) {
            Subscription s = all.get(entry.getKey());
            if (s == null) {
                // deleted: nothing waits for its in-flight answers, so it stops at once
                stopDispatcher(entry.getKey(), entry.getValue(), Duration.ZERO);
            } else if (!serves(find(conns, entry.getValue().connId()), s)) {
                stopDispatcher(entry.getKey(), entry.getValue(), stopGrace);
            }
        }
        for (Subscription s : all.values()) {
            if (active.containsKey(s.ref().id())) {
                continue;
            }
            for (ConnectionInfo c : conns) {
                if (serves(c, s)) {
                    startDispatcher(s, c);
                    break;
                }
            }
        }
    }

    private static ConnectionInfo find(List<ConnectionInfo> conns, String connId) {
        return conns.stream().filter(c -> c.connId().equals(connId)).findFirst().orElse(null);
    }

    private boolean serves(ConnectionInfo c, Subscription s) {
        if (c == null || !c.plugin().ready() || !c.plugin().name().equals(s.transport())) {
            return false;
        }
        Ephemeral e = ephemeral.get(s.ref().id());
        if (e != null) {
            return e.owner().equals(c.connId());
        }
        try {
            return c.matcher().matches(s.ref());
        } catch (RuntimeException ex) {
            LOG.warn("The matcher of connection {} failed for subscription {}: {}", c.connId(), s.ref(), ex.toString());
            return false;
        }
    }

    private void startDispatcher(Subscription s, ConnectionInfo c) {
        EventFilter filter;
        try {
            filter = EventFilter.compile(s.ref().namespace(), s.filter());
        } catch (InvalidOptionsException e) {
            LOG.error("Subscription {} has an invalid filter and is not delivered: {}", s.ref(), e.getMessage());
            return;
        }
        UUID id = s.ref().id();
        Lease lease = Lease.ALWAYS;
        if (settings.leases() && !ephemeral.containsKey(id)) {
            lease = leasing.take(s);
            if (lease == null) {
                return;
            }
        }
        Dispatcher[] self = new Dispatcher[1];
        self[0] = new Dispatcher(s, c.connId(), c.plugin().plugin, c.plugin().capabilities.batchDelivery(), store, filter,
                offsets(s, lease), this::publishReply, settings, lease, () -> {
                    if (active.remove(id, self[0])) {
                        reconcileLater(); // it stopped by itself (lost lease): let the coordinator decide again
                    }
                }, meters(s), log.tail(), dispatchPool);
        active.put(id, self[0]);
        self[0].start();
    }

    private Offsets offsets(Subscription s, Lease lease) {
        Ephemeral e = ephemeral.get(s.ref().id());
        if (e == null) {
            return new StoreOffsets(store, s.ref().id(), lease);
        }
        return new Offsets() {
            @Override
            public long committed() {
                return e.offset().get();
            }

            @Override
            public void commit(long sequence) {
                e.offset().set(sequence);
            }
        };
    }

    private void stopDispatcher(UUID id, Dispatcher d, Duration grace) {
        d.stop(grace);
        active.remove(id, d);
    }

    // ---- the SPI ---------------------------------------------------------------------------------

    /** The callbacks of one plugin: connections it registers belong to it. */
    private final class PluginCallbacks implements Callbacks {

        private final PluginHandle plugin;

        PluginCallbacks(PluginHandle plugin) {
            this.plugin = plugin;
        }

        @Override
        public void registerConnection(String connId, SubscriptionMatcher matcher) {
            if (connId == null || matcher == null) {
                LOG.warn("Plugin {} registered a connection without an id or matcher; ignored", plugin.name());
                return;
            }
            synchronized (Engine.this) {
                ConnectionInfo previous = connections.get(connId);
                if (previous != null && previous.plugin() != plugin) {
                    LOG.warn("Plugin {} registered connection {} that belongs to plugin {}; ignored", plugin.name(), connId,
                            previous.plugin().name());
                    return;
                }
                long order = previous == null ? registrations.incrementAndGet() : previous.order();
                connections.put(connId, new ConnectionInfo(connId, plugin, matcher, order));
                LOG.info("Connection {} {} by plugin {}", connId, previous == null ? "registered" : "re-registered", plugin.name());
            }
            reconcileLater();
        }

        @Override
        public UUID ephemeralSubscription(String connId, String namespace, SubscriptionFilter filter, SubscriptionOptions options)
                throws InvalidOptionsException {
            synchronized (Engine.this) {
                ConnectionInfo c = connections.get(connId);
                if (c == null || c.plugin() != plugin) {
                    throw new IllegalStateException("connection " + connId + " is not registered by plugin " + plugin.name());
                }
            }
            checkName("namespace", namespace);
            UUID id = UUID.randomUUID();
            Subscription s = validated(new SubscriptionRef(id, namespace, id.toString()), plugin.name(), filter, options, true);
            ephemeral.put(id, new Ephemeral(s, connId, new AtomicLong(initialOffset(s.options().firstEvent()))));
            meters(s);
            LOG.info("Ephemeral subscription {} created for connection {}", id, connId);
            reconcileLater();
            return id;
        }

        @Override
        public void connectionClosed(String connId) {
            synchronized (Engine.this) {
                ConnectionInfo c = connections.get(connId);
                if (c == null || c.plugin() != plugin) {
                    return;
                }
                connections.remove(connId);
            }
            ephemeral.values().removeIf(e -> {
                boolean owned = e.owner().equals(connId);
                if (owned) {
                    LOG.info("Ephemeral subscription {} ended with connection {}", e.subscription().ref().id(), connId);
                    metrics.forget(e.subscription().ref().id());
                }
                return owned;
            });
            LOG.info("Connection {} closed", connId);
            reconcileLater();
        }

        @Override
        public dev.eventbridge.api.metrics.ConnectionMetrics connectionMetrics(String connId) {
            return metrics.connection(plugin.name(), connId, () -> {
                synchronized (Engine.this) {
                    ConnectionInfo c = connections.get(connId);
                    return c != null && c.plugin() == plugin;
                }
            });
        }

        @Override
        public void deliveryResponse(String connId, DeliveryResponse response) {
            if (response == null) {
                return;
            }
            if (response.subscription() == null) {
                replyExecutor.execute(() -> publishLateReply(response));
                return;
            }
            Dispatcher d = active.get(response.subscription().id());
            if (d != null && d.connId().equals(connId)) {
                d.offer(response);
            } else if (response.reply() != null) {
                replyExecutor.execute(() -> publishLateReply(response));
            } else {
                LOG.debug("Ignored a response on {} for event {}: the subscription is not delivered there", connId, response.eventId());
            }
        }
    }

    private void publishLateReply(DeliveryResponse response) {
        try {
            publishReply(store.event(response.eventId()).map(e -> e.event()).orElse(null), response.reply());
        } catch (RuntimeException e) {
            LOG.error("Could not publish the reply to event {}: {}", response.eventId(), e.getMessage());
        }
    }

    /**
     * Stops every dispatcher (in-flight deliveries get the grace period to be answered; offsets are
     * committed) and the event log. Plugins and the store are closed by their owner.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        Future<?> f = coordinator.submit(() -> {
            closed = true;
            List<Thread> stoppers = new ArrayList<>();
            active.forEach((id, d) -> {
                Thread t = new Thread(() -> stopDispatcher(id, d, stopGrace), "stop-" + id);
                t.start();
                stoppers.add(t);
            });
            for (Thread t : stoppers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Stopping dispatchers failed: {}", e.getCause().toString());
        }
        coordinator.shutdown();
        dispatchPool.shutdown();
        replyExecutor.shutdown();
        try {
            replyExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
        LOG.info("Engine stopped");
    }
}
