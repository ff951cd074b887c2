package dev.eventbridge.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code count} slow-loris connections on one thread: each sends the start of a request's headers one byte
 * every {@code intervalMs} (never finishing them). A connection the server closes (or answers, e.g. 408)
 * is counted and replaced, so {@code count} stay open for as long as the attack runs, as an attacker would do.
 */
final class SlowLoris implements AutoCloseable {

    private static final byte[] HEAD = ("POST " + Publish.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;
    private final int count;
    private final long intervalNanos;
    private final Thread thread;
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicInteger connectFailures = new AtomicInteger();
    private final AtomicLong lifetimeMillisOfClosed = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running = true;
    private Selector selector;

    private static final class Conn {
        SocketChannel channel;
        long openedAt;
        long nextSend;
        long sent;
    }

    SlowLoris(int port, int count, long intervalMs) {
        this.target = new InetSocketAddress("127.0.0.1", port);
        this.count = count;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.thread = new Thread(this::run, "slow-loris");
        thread.setDaemon(true);
    }

    /** Opens the connections (each sends its first byte at once) and starts dripping; returns once all are open or failed. */
    SlowLoris start() throws IOException, InterruptedException {
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            Conn c = new Conn();
            conns.add(c);
            connect(c, System.nanoTime());
        }
        thread.start();
        return this;
    }

    private void connect(Conn c, long now) {
        try {
            SocketChannel ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(target, 2_000);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, c);
            c.channel = ch;
            c.openedAt = now;
            c.sent = 0;
            c.nextSend = now + ThreadLocalRandom.current().nextLong(intervalNanos);
            opened.incrementAndGet();
            open.incrementAndGet();
            sendOne(c, now);
        } catch (IOException e) {
            connectFailures.incrementAndGet();
            c.channel = null;
            c.nextSend = now + intervalNanos;
        }
    }

    private void sendOne(Conn c, long now) {
        byte b = c.sent < HEAD.length ? HEAD[(int) c.sent] : (byte) 'a';
        try {
            if (c.channel.write(ByteBuffer.wrap(new byte[] {b})) == 1) {
                c.sent++;
            }
        } catch (IOException e) {
            lost(c, now);
        }
    }

    private void lost(Conn c, long now) {
        if (c.channel == null) {
            return;
        }
        closedByServer.incrementAndGet();
        lifetimeMillisOfClosed.addAndGet(TimeUnit.NANOSECONDS.toMillis(now - c.openedAt));
        open.decrementAndGet();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        c.channel = null;
        c.nextSend = now;
    }

    private void run() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        while (running) {
            try {
                selector.select(20);
                long now = System.nanoTime();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    try {
                        sink.clear();
                        if (((SocketChannel) key.channel()).read(sink) < 0) {
                            key.cancel();
                            lost(c, now);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        lost(c, now);
                    }
                }
                for (Conn c : conns) {
                    if (!running) {
                        break;
                    }
                    if (c.nextSend <= now) {
                        if (c.channel == null) {
                            connect(c, now);
                        } else {
                            sendOne(c, now);
                            c.nextSend += intervalNanos;
                        }
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Connections the server closed or answered, how long they had lived on average, connect failures, open now. */
    String summary() {
        int closed = closedByServer.get();
        return String.format(java.util.Locale.ROOT, "%d opened, %d closed by server%s, %d connect failures, %d open at end",
                opened.get(), closed, closed == 0 ? "" : " (after " + lifetimeMillisOfClosed.get() / closed / 1000 + " s on average)",
                connectFailures.get(), open.get());
    }

    int closedByServer() {
        return closedByServer.get();
    }

    int connectFailures() {
        return connectFailures.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        for (Conn c : conns) {
            if (c.channel != null) {
                try {
                    c.channel.close();
                } catch (IOException ignored) {
                    // closing at the end of the attack
                }
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing at the end of the attack
        }
    }
}
