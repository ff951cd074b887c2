package dev.eventbridge.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Today's baseline, as core's HttpApi runs it: the JDK's com.sun.net.httpserver with 8 worker threads,
 * TCP_NODELAY, no timeouts; each worker reads the body with a blocking stream and then waits for the
 * commit ({@code future.get()}) before it writes the 201.
 */
final class JdkCandidate implements Candidate {

    private HttpServer server;
    private ExecutorService executor;

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public int start(GroupCommitLog log) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "jdk-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, log));
        server.start();
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, GroupCommitLog log) throws IOException {
        try {
            exchange.getResponseHeaders().set("Content-Type", Publish.CONTENT_TYPE);
            if (!"POST".equals(exchange.getRequestMethod()) || !Publish.PATH.equals(exchange.getRequestURI().getRawPath())) {
                send(exchange, 404, Publish.NOT_FOUND);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            long offset;
            try {
                offset = log.append(body.length).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (ExecutionException | TimeoutException e) {
                send(exchange, 503, Publish.NOT_FOUND);
                return;
            }
            send(exchange, 201, Publish.created(offset));
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public String limits() {
        return "none (as today); available: sun.net.httpserver.maxReqTime, maxRspTime, idleInterval, jdk.httpserver.maxConnections (system properties)";
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
