/** Durable subscriptions: created (idempotently for declared ones), listed, deleted with their offset, dead letters and lease. */
package dev.eventbridge.core.store.jdbc.subscriptions;
