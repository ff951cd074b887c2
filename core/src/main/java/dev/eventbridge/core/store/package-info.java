/** Persistence behind one interface: the event log, durable subscriptions and committed offsets. */
package dev.eventbridge.core.store;
