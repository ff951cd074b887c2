package dev.eventbridge.api;

/**
 * The state of one plugin connection, as shown on the bridge's health endpoint.
 *
 * @param up true when the connection can deliver
 * @param detail a short human-readable explanation; never contains credentials
 */
public record ConnectionHealth(boolean up, String detail) {
}
