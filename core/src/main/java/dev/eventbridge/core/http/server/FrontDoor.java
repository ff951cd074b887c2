package dev.eventbridge.core.http.server;

import dev.eventbridge.core.http.ApiException;
import dev.eventbridge.core.http.HttpSettings;
import dev.eventbridge.core.http.routes.ApiRequest;
import dev.eventbridge.core.http.routes.ApiResponse;
import dev.eventbridge.core.http.routes.Failures;
import dev.eventbridge.core.http.routes.Routes;
import io.netty.handler.codec.TooLongFrameException;
import dev.eventbridge.core.metrics.HttpMeters;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP server on one Vert.x event loop (the bridge runs one per core, sharing the port). It
 * reads a request's body without blocking, bounded in size and time, hands the request to the
 * {@link Routes} and writes the response when the route's stage completes: no thread waits for a
 * publish's commit or for a slow client.
 */
final class FrontDoor extends AbstractVerticle {

    private final HttpSettings settings;
    private final int port;
    private final Routes routes;
    private final AtomicInteger open;
    private final AtomicLong lastCapWarning;
    private final HttpMeters metrics;
    private HttpServer server;
    private ConnectionGuard guard;

    FrontDoor(HttpSettings settings, int port, Routes routes, AtomicInteger open, AtomicLong lastCapWarning, HttpMeters metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.port = port;
        this.routes = routes;
        this.open = open;
        this.lastCapWarning = lastCapWarning;
    }

    @Override
    public void start(Promise<Void> started) {
        guard = new ConnectionGuard(settings, open, lastCapWarning);
        long sweepEvery = Math.max(50, Math.min(settings.headerTimeout().toMillis(), settings.bodyTimeout().toMillis()) / 4);
        vertx.setPeriodic(sweepEvery, id -> guard.sweep());
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(port)
                .setIdleTimeout((int) settings.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(true);
        server = vertx.createHttpServer(options)
                .connectionHandler(guard::opened)
                .invalidRequestHandler(this::invalid)
                .requestHandler(this::handle);
        server.listen().onSuccess(s -> started.complete()).onFailure(started::fail);
    }

    int actualPort() {
        return server.actualPort();
    }

    /** A request Netty could not decode: 400, 414 or 431 with the JSON error form, then close. */
    private void invalid(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status = 400;
        String message = "malformed HTTP request";
        if (cause instanceof TooLongFrameException) {
            boolean line = cause.getMessage() != null && cause.getMessage().contains("line");
            status = line ? 414 : 431;
            message = line ? "request line is too long" : "request headers are too large";
        }
        req.response().putHeader("Connection", "close");
        send(req, ApiResponse.error(status, message), true, System.nanoTime());
    }

    private void handle(HttpServerRequest req) {
        HttpConnection conn = req.connection();
        Exchange ex = new Exchange(req);
        guard.headArrived(conn, () -> ex.fail(408, "request body not received within " + settings.bodyTimeout().toMillis() + " ms"));
        String length = req.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > settings.maxBody()) {
                    ex.fail(413, tooLarge());
                    return;
                }
            } catch (NumberFormatException e) {
                ex.fail(400, "bad Content-Length header");
                return;
            }
        }
        req.handler(chunk -> {
            if (ex.done) {
                return;
            }
            if (ex.body.length() + chunk.length() > settings.maxBody()) {
                ex.fail(413, tooLarge());
            } else {
                ex.body.appendBuffer(chunk);
            }
        });
        req.exceptionHandler(e -> ex.done = true);
        req.endHandler(v -> {
            guard.bodyArrived(conn);
            if (!ex.done) {
                dispatch(ex);
            }
        });
    }

    private String tooLarge() {
        return "request body is larger than the limit of " + settings.maxBody() + " bytes";
    }

    private void dispatch(Exchange ex) {
        HttpServerRequest req = ex.req;
        Context context = vertx.getOrCreateContext();
        CompletionStage<ApiResponse> stage;
        try {
            stage = routes.serve(ApiRequest.of(req.method().name(), req.path(), req.query(), ex.body.getBytes(), req.headers()::getAll));
        } catch (Throwable e) {
            ex.answer(Failures.toResponse(req.method().name(), req.path(), e));
            return;
        }
        stage.whenComplete((response, failure) -> context.runOnContext(v ->
                ex.answer(failure == null ? response : Failures.toResponse(req.method().name(), req.path(), failure))));
    }

    /** One request's state; event loop only. */
    private final class Exchange {
        final HttpServerRequest req;
        final Buffer body = Buffer.buffer();
        final long started = System.nanoTime();
        boolean done;

        Exchange(HttpServerRequest req) {
            this.req = req;
        }

        /** Answers without reading the rest of the body, so the connection closes after the response. */
        void fail(int status, String message) {
            if (!done) {
                done = true;
                req.response().putHeader("Connection", "close");
                send(req, ApiResponse.error(status, message), true, started);
            }
        }

        void answer(ApiResponse response) {
            done = true;
            send(req, response, false, started);
        }
    }

    private void send(HttpServerRequest req, ApiResponse response, boolean close, long startNanos) {
        HttpServerResponse out = req.response();
        if (out.ended() || out.closed()) {
            return;
        }
        metrics.request(req.method().name(), req.path(), response.status(), System.nanoTime() - startNanos);
        out.setStatusCode(response.status()).putHeader("Content-Type", response.contentType());
        if (response.body().length == 0) {
            out.end();
        } else {
            out.end(Buffer.buffer(response.body()));
        }
        if (close) {
            req.connection().close();
        } else {
            guard.responded(req.connection());
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        server.close().onComplete(r -> stopped.complete());
    }
}
