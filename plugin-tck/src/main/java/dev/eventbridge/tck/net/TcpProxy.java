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
            pump(client, broker, client);
            pump(broker, client, client);
        }
    }

    private void pump(Socket from, Socket to, Socket client) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
