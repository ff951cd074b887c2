package dev.eventbridge.core.http.server;

import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.HttpSettings;
import dev.eventbridge.core.http.routes.Routes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts and stops the HTTP servers: a Vert.x instance of its own with one event loop per core
 * (at most four), a {@link FrontDoor} on each sharing the port, and a small pool for the routes
 * that wait on the store.
 */
public final class VertxServer {

    static {
        // Vert.x logs through SLF4J like the rest of the bridge, and leaves no .vertx cache directory behind.
        if (System.getProperty("vertx.logger-delegate-factory-class-name") == null) {
            System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        }
        if (System.getProperty("vertx.disableFileCPResolving") == null) {
            System.setProperty("vertx.disableFileCPResolving", "true");
        }
    }

    private static final int BLOCKING_THREADS = 8;

    private final Vertx vertx;
    private final ExecutorService blocking;
    private final int port;

    private VertxServer(Vertx vertx, ExecutorService blocking, int port) {
        this.vertx = vertx;
        this.blocking = blocking;
        this.port = port;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public static VertxServer start(Engine engine, HttpSettings settings) throws IOException {
        int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(loops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService blocking = Executors.newFixedThreadPool(BLOCKING_THREADS, r -> {
            Thread t = new Thread(r, "eventbridge-http-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Routes routes = new Routes(engine, blocking);
        AtomicInteger open = new AtomicInteger();
        AtomicLong lastCapWarning = new AtomicLong(System.nanoTime() - 120_000_000_000L);
        try {
            // port 0 asks for a random port; -1 asks Vert.x for one random port shared by every instance
            int listen = settings.port() == 0 ? -1 : settings.port();
            java.util.List<FrontDoor> doors = new java.util.concurrent.CopyOnWriteArrayList<>();
            await(vertx.deployVerticle(() -> {
                FrontDoor door = new FrontDoor(settings, listen, routes, open, lastCapWarning, engine.metrics().http());
                doors.add(door);
                return door;
            }, new DeploymentOptions().setInstances(loops)));
            int port = doors.get(0).actualPort();
            return new VertxServer(vertx, blocking, port);
        } catch (IOException | RuntimeException e) {
            blocking.shutdownNow();
            vertx.close();
            throw e;
        }
    }

    private static void await(io.vertx.core.Future<String> deployment) throws IOException {
        try {
            deployment.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the HTTP API", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("cannot start the HTTP API: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new IOException("the HTTP API did not start within 30 s", e);
        }
    }

    public int port() {
        return port;
    }

    /** Stops accepting, closes connections and the pool; waits at most a few seconds. */
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
        blocking.shutdownNow();
    }
}
