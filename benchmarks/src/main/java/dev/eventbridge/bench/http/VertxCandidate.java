package dev.eventbridge.bench.http;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x core: one HttpServer verticle per core sharing the port (Vert.x's way to use every core),
 * {@code request.body()} reads the body without blocking, and the commit callback hops back to the
 * request's event loop ({@code context.runOnContext}) to write the 201.
 */
final class VertxCandidate implements Candidate {

    private Vertx vertx;

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public int start(GroupCommitLog log) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout(Limits.IDLE_TIMEOUT_MS)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(options)
                        .requestHandler(request -> handle(request, log))
                        .listen()
                        .<Void>mapEmpty()
                        .onComplete(started);
            }
        }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return port;
    }

    private static void handle(HttpServerRequest request, GroupCommitLog log) {
        if (request.method() != HttpMethod.POST || !Publish.PATH.equals(request.path())) {
            request.response().setStatusCode(404).putHeader("Content-Type", Publish.CONTENT_TYPE).end(Buffer.buffer(Publish.NOT_FOUND));
            return;
        }
        Context context = Vertx.currentContext();
        request.body()
                .onSuccess(body -> log.append(body.length()).whenComplete((offset, failure) -> context.runOnContext(v -> {
                    if (failure != null) {
                        request.response().setStatusCode(503).end();
                    } else {
                        request.response().setStatusCode(201).putHeader("Content-Type", Publish.CONTENT_TYPE)
                                .end(Buffer.buffer(Publish.created(offset)));
                    }
                })))
                .onFailure(failure -> request.response().setStatusCode(400).end());
    }

    @Override
    public String limits() {
        return "HttpServerOptions.setIdleTimeout(30 s) (also setReadIdleTimeout/setWriteIdleTimeout); no header timeout, body timeout or connection cap built in";
    }

    @Override
    public void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
