package dev.eventbridge.core.http;

import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.server.VertxServer;
import java.io.IOException;

/**
 * The bridge's HTTP API: the routes of {@link dev.eventbridge.core.http.routes.Routes} served by
 * Vert.x core's non-blocking server ({@link VertxServer}). Every failure is a JSON
 * {@code {"error": "..."}} with a 4xx status for bad input, 503 when the store is failing.
 */
public final class HttpApi implements AutoCloseable {

    private final VertxServer server;

    /**
     * Starts listening.
     *
     * @throws IOException if the address cannot be bound (the message names it)
     */
    public HttpApi(Engine engine, HttpSettings settings) throws IOException {
        this.server = VertxServer.start(engine, settings);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
