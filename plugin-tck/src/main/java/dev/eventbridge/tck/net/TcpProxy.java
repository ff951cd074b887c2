package dev.eventbridge.tck.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between a client and a broker that a test can cut, as a broker restart or a network
 * failure cuts it: {@link #cut()} closes every relayed connection and refuses new ones until
 * {@link #resume()}. Used for brokers a test cannot restart itself (services shared by the
 * machine); the broker keeps its sessions and stored messages, the client sees its connection drop.
 * {@link #holdReplies()} instead stops relaying the broker's bytes while every connection stays open
 * (a broker that never confirms), until {@link #releaseReplies()} passes on what it held.
 *
 * <p>Written here rather than taken from a library: the few well-known proxies for fault injection
 * (Toxiproxy) are servers in other languages, and this needs only to relay bytes and drop sockets.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;
    private volatile boolean closed;
    private final Object gate = new Object();
    private boolean holding;

    /** Starts relaying a free local port to {@code host:upstreamPort}. */
    public TcpProxy(String host, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(host, upstreamPort);
        listen(0);
    }

    /** The local port clients connect to. */
    public int port() {
        return port;
    }

    /** Client connections relayed now. */
    public int connections() {
        return clients.size();
    }

    /** Closes every relayed connection and refuses new ones, as a stopped broker does. */
    public synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
        clients.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void resume() throws IOException {
        if (server == null && !closed) {
            listen(port);
        }
    }

    /** Stops passing bytes from the broker to the clients, keeping the connections open; the client's bytes still pass. */
    public void holdReplies() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Passes on the broker's bytes again, first those held. */
    public void releaseReplies() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        cut();
    }

    private void listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        port = s.getLocalPort();
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return;
            }
            Socket broker = new Socket();
            try {
                broker.connect(upstream, 5000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(broker);
                continue;
            }
            if (server != s) {
                closeQuietly(client);
                closeQuietly(broker);
                return;
            }
            sockets.add(client);
            sockets.add(broker);
            clients.add(client);
            pump(client, broker, client, false);
            pump(broker, client, client, true);
        }
    }

    private void pump(Socket from, Socket to, Socket client, boolean fromBroker) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromBroker) {
                        awaitRelease(to);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SocketException e) {
                // cut, or closed by the other side
            } catch (IOException e) {
                // the same: the relay ends with either socket
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
                clients.remove(client);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void awaitRelease(Socket to) throws InterruptedException {
        synchronized (gate) {
            while (holding && !to.isClosed() && !closed) {
                gate.wait(100);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
