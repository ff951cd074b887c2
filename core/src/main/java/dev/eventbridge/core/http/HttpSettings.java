package dev.eventbridge.core.http;

import java.time.Duration;

/**
 * How the HTTP API listens and what it tolerates from clients.
 *
 * @param maxBody largest request body in bytes; larger ones get 413
 * @param headerTimeout longest a client may take to send a request's head (request line and headers)
 *     on a new connection; on a kept-alive connection the clock starts once the connection has been
 *     idle for {@code idleTimeout} after the previous response
 * @param bodyTimeout longest a client may take to send a request's body once its head has arrived (408)
 * @param idleTimeout a connection on which nothing is sent or received for this long is closed
 * @param maxConnections open connections beyond this are closed as soon as they are accepted
 */
public record HttpSettings(String host, int port, int maxBody, Duration headerTimeout, Duration bodyTimeout,
                           Duration idleTimeout, int maxConnections) {

    /** Defaults for everything but the address. */
    public static HttpSettings defaults(String host, int port) {
        return new HttpSettings(host, port, 1_048_576, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1024);
    }
}
