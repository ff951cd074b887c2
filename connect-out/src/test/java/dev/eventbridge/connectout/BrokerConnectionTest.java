package dev.eventbridge.connectout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.DeliveryResponse;
import dev.eventbridge.api.event.EventDelivery;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import dev.eventbridge.api.subscription.SubscriptionRef;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.connection.BrokerConnection;
import dev.eventbridge.connectout.group.GroupBy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Connection attempts and send start limits in the kit, against real TCP peers. A peer that accepts the connection and never answers (as RabbitMQ left a refused link unanswered)
 * must not hold a target in "connecting" for ever: the attempt is abandoned after open.timeout,
 * said so in health, and retried.
 */
class BrokerConnectionTest {

    /** A client that waits for the peer's first byte, as a protocol handshake does. */
    private static final class HandshakeTarget extends BrokerConnection<SocketChannel> {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger abandoned = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final List<Long> held = new CopyOnWriteArrayList<>();
        volatile boolean hold;
        private final InetSocketAddress peer;

        HandshakeTarget(TargetSettings settings, Callbacks callbacks, InetSocketAddress peer) {
            this(settings, callbacks, peer, 10);
        }

        HandshakeTarget(TargetSettings settings, Callbacks callbacks, InetSocketAddress peer, int window) {
            super(settings, callbacks, window);
            this.peer = peer;
        }

        @Override
        protected SocketChannel open() throws IOException {
            attempts.incrementAndGet();
            SocketChannel channel = SocketChannel.open(peer);
            try {
                if (channel.read(ByteBuffer.allocate(1)) < 0) {
                    throw new IOException("closed by the peer");
                }
                return channel;
            } catch (IOException e) {
                abandoned.incrementAndGet();
                channel.close();
                throw e;
            }
        }

        @Override
        protected void release(SocketChannel handle) {
            try {
                handle.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        protected boolean refusedLogin(Throwable error) {
            return false;
        }

        @Override
        protected String sendsTo() {
            return "nowhere";
        }

        @Override
        protected void send(SocketChannel handle, long key, EventDelivery delivery, DataArray data) {
            sent.incrementAndGet();
            if (hold) {
                held.add(key);
            } else {
                confirmed(key);
            }
        }

        void confirmHeld() {
            held.forEach(this::confirmed);
        }
    }

    @Test
    void an_attempt_the_peer_never_answers_is_abandoned_after_open_timeout_shown_in_health_and_retried() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            TargetSettings settings = new TargetSettings("test.silent", "tcp://127.0.0.1:" + silent.getLocalPort(), null,
                    null, SubscriptionMatcher.byName(null, ".*"), "reply", Duration.ofMillis(50), Duration.ofMillis(100),
                    Duration.ofMillis(300), Duration.ofSeconds(30), GroupBy.NONE,
                    dev.eventbridge.connectout.config.DuplicateDetection.OFF);
            List<String> registered = new CopyOnWriteArrayList<>();
            HandshakeTarget target = new HandshakeTarget(settings, callbacks(registered),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()));
            target.start();
            try {
                await("the silent attempt is abandoned and shown").atMost(Duration.ofSeconds(10))
                        .until(() -> target.health().detail().contains("open.timeout"));
                await("and retried").atMost(Duration.ofSeconds(10)).until(() -> target.abandoned.get() >= 2);
                int ended = target.abandoned.get();
                int started = target.attempts.get();
                assertTrue(started - ended <= 1, "attempts never pile up: " + started + " started, " + ended + " ended");
                assertFalse(target.health().up());
                assertTrue(registered.isEmpty(), "never registered");
            } finally {
                target.close();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void a_delivery_past_its_start_limit_is_rejected_not_sent_and_one_within_it_is_sent() throws Exception {
        List<DeliveryResponse> responses = new CopyOnWriteArrayList<>();
        try (ServerSocket talking = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = talking.accept()) {
                    s.getOutputStream().write(1);
                    s.getInputStream().read(); // hold the connection until the client closes it
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            TargetSettings settings = new TargetSettings("test.talking", "tcp://127.0.0.1:" + talking.getLocalPort(), null,
                    null, SubscriptionMatcher.byName(null, ".*"), "reply", Duration.ofMillis(50), Duration.ofMillis(100),
                    Duration.ofSeconds(5), Duration.ofSeconds(30), GroupBy.NONE,
                    dev.eventbridge.connectout.config.DuplicateDetection.OFF);
            List<String> registered = new CopyOnWriteArrayList<>();
            HandshakeTarget target = new HandshakeTarget(settings, callbacks(registered, responses),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), talking.getLocalPort()));
            target.start();
            try {
                await("connected").atMost(Duration.ofSeconds(10)).until(() -> !registered.isEmpty());
                Event event = new Event(UUID.randomUUID(), 1, "shop", "t", "x", "r", null, Instant.now());
                SubscriptionRef ref = new SubscriptionRef(UUID.randomUUID(), "shop", "s");
                EventDelivery late = new EventDelivery(event, ref, 1, OptionalLong.of(System.nanoTime() - 1_000_000));
                EventDelivery inTime = new EventDelivery(event, ref, 1, OptionalLong.of(System.nanoTime() + 60_000_000_000L));
                target.deliver(late, null);
                target.deliver(inTime, null);
                await("both answered").atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 2);
                assertTrue(responses.get(0).rejected() && responses.get(0).info().contains("start limit"), responses::toString);
                assertFalse(responses.get(1).rejected(), responses::toString);
                assertEquals(1, target.sent.get(), "only the delivery within its limit reached the client");
            } finally {
                target.close();
            }
        }
    }

    @Test
    void a_send_left_unconfirmed_past_send_timeout_is_rejected_once_frees_its_slot_and_a_late_confirmation_is_ignored()
            throws Exception {
        List<DeliveryResponse> responses = new CopyOnWriteArrayList<>();
        try (ServerSocket talking = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = talking.accept()) {
                    s.getOutputStream().write(1);
                    s.getInputStream().read();
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            TargetSettings settings = new TargetSettings("test.unconfirmed", "tcp://127.0.0.1:" + talking.getLocalPort(),
                    null, null, SubscriptionMatcher.byName(null, ".*"), "reply", Duration.ofMillis(50),
                    Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(300), GroupBy.NONE,
                    dev.eventbridge.connectout.config.DuplicateDetection.OFF);
            List<String> registered = new CopyOnWriteArrayList<>();
            HandshakeTarget target = new HandshakeTarget(settings, callbacks(registered, responses),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), talking.getLocalPort()), 1);
            target.start();
            try {
                await("connected").atMost(Duration.ofSeconds(10)).until(() -> !registered.isEmpty());
                SubscriptionRef ref = new SubscriptionRef(UUID.randomUUID(), "shop", "s");
                EventDelivery first = new EventDelivery(new Event(UUID.randomUUID(), 1, "shop", "t", "x", "r", null,
                        Instant.now()), ref, 1);
                EventDelivery second = new EventDelivery(new Event(UUID.randomUUID(), 2, "shop", "t", "x", "r", null,
                        Instant.now()), ref, 1);
                target.hold = true;
                long start = System.nanoTime();
                target.deliver(first, null);
                target.deliver(second, null); // waits: the window holds one send
                await("the unconfirmed send is rejected").atMost(Duration.ofSeconds(5)).until(() -> !responses.isEmpty());
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs >= 300 && tookMs < 3000, "rejected after " + tookMs + " ms");
                DeliveryResponse reject = responses.get(0);
                assertTrue(reject.rejected() && reject.info().contains("within 300 ms (send.timeout)"), responses::toString);
                assertEquals(first.event().id(), reject.eventId(), responses::toString);
                await("the freed slot goes to the waiting delivery").atMost(Duration.ofSeconds(5))
                        .until(() -> target.sent.get() == 2);
                target.hold = false;
                target.confirmHeld(); // the broker's late confirmations: the first's is ignored, the second's acks
                await("the second is answered").atMost(Duration.ofSeconds(5)).until(() -> responses.size() >= 2);
                assertEquals(2, responses.size(), responses::toString);
                assertFalse(responses.get(1).rejected(), responses::toString);
                assertEquals(second.event().id(), responses.get(1).eventId());
            } finally {
                target.close();
            }
        }
    }

    private static Callbacks callbacks(List<String> registered) {
        return callbacks(registered, new CopyOnWriteArrayList<>());
    }

    private static Callbacks callbacks(List<String> registered, List<DeliveryResponse> responses) {
        return new Callbacks() {
            @Override
            public void registerConnection(String connId, SubscriptionMatcher matcher) {
                registered.add(connId);
            }

            @Override
            public UUID ephemeralSubscription(String connId, String namespace, SubscriptionFilter filter,
                                              SubscriptionOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void connectionClosed(String connId) {
            }

            @Override
            public void deliveryResponse(String connId, DeliveryResponse response) {
                responses.add(response);
            }
        };
    }
}
