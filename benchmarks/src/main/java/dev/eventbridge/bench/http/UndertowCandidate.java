package dev.eventbridge.bench.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.xnio.Options;

/**
 * Undertow core on its XNIO I/O threads: {@code getRequestReceiver().receiveFullBytes} reads the body without
 * blocking, {@code exchange.dispatch(SameThreadExecutor.INSTANCE, ...)} keeps the exchange open after the handler
 * returns, and the commit callback hops back to the exchange's I/O thread to send the 201.
 */
final class UndertowCandidate implements Candidate {

    private Undertow server;

    @Override
    public String name() {
        return "undertow";
    }

    @Override
    public int start(GroupCommitLog log) {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, Limits.HEADER_TIMEOUT_MS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, Limits.IDLE_TIMEOUT_MS)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, Limits.IDLE_TIMEOUT_MS)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) Publish.MAX_BODY)
                .setSocketOption(Options.CONNECTION_HIGH_WATER, Limits.MAX_CONNECTIONS)
                .setSocketOption(Options.CONNECTION_LOW_WATER, Limits.MAX_CONNECTIONS)
                .setHandler(exchange -> handle(exchange, log))
                .build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static void handle(HttpServerExchange exchange, GroupCommitLog log) {
        if (!Methods.POST.equals(exchange.getRequestMethod()) || !Publish.PATH.equals(exchange.getRequestPath())) {
            send(exchange, 404, Publish.NOT_FOUND);
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () ->
                log.append(body.length).whenComplete((offset, failure) -> ex.getIoThread().execute(() -> {
                    if (failure != null) {
                        ex.setStatusCode(503);
                        ex.endExchange();
                    } else {
                        send(ex, 201, Publish.created(offset));
                    }
                }))));
    }

    private static void send(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Publish.CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    @Override
    public String limits() {
        return "UndertowOptions.REQUEST_PARSE_TIMEOUT(10 s), NO_REQUEST_TIMEOUT(30 s), IDLE_TIMEOUT(30 s), MAX_ENTITY_SIZE; "
                + "XNIO Options.CONNECTION_HIGH_WATER/LOW_WATER(1000); body: UndertowOptions.READ_TIMEOUT (per read, not set), no minimum rate";
    }

    @Override
    public void stop() {
        server.stop();
    }
}
