/** Schema migrations (Flyway, under a PostgreSQL advisory lock). */
package dev.eventbridge.core.store.jdbc.schema;
