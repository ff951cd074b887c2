/**
 * The HTTP API: {@link dev.eventbridge.core.http.HttpApi} starts it; {@code server} holds the
 * non-blocking server (Vert.x) with its timeouts and connection cap, {@code routes} what each
 * route does, independent of the server.
 */
package dev.eventbridge.core.http;
