/** The HTTP API (JDK HTTP server, JSON by Jackson): publish and read events, manage subscriptions, health. */
package dev.eventbridge.core.http;
