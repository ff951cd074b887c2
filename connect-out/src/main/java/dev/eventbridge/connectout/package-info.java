/**
 * The connect-out kit: what the jms, amqp and mqtt plugins share. {@link
 * dev.eventbridge.connectout.ConnectOutPlugin} turns the {@code <plugin>.targets.<name>.*} entries
 * into one {@link dev.eventbridge.connectout.connection.BrokerConnection} each and routes deliveries
 * to them; {@code config} holds the options every target has; {@code connection} one broker
 * connection's life (connect, reconnect with backoff and jitter, health, registration); {@code send}
 * the sends awaiting the broker; {@code cloudevents} the attribute set every binding writes;
 * {@code redact} what keeps credentials out of logs.
 */
package dev.eventbridge.connectout;
