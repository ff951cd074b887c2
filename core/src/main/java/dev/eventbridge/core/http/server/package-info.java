/**
 * The HTTP server: Vert.x core's non-blocking HTTP/1.1 server ({@link dev.eventbridge.core.http.server.FrontDoor}),
 * with the limits a server facing the network needs: request head and body deadlines, idle
 * timeout, body size and a connection cap ({@link dev.eventbridge.core.http.server.ConnectionGuard}).
 */
package dev.eventbridge.core.http.server;
