/**
 * The bridge's metrics: Micrometer meters named {@code eventbridge_*} in a Prometheus registry,
 * served at {@code GET /metrics}; per subscription ({@link SubscriptionMeters}), per connection
 * ({@link ConnectionMeters}), the event log ({@link LogMeters}) and the HTTP API ({@link HttpMeters}).
 */
package dev.eventbridge.core.metrics;
