/** The event log table and its head row: appends and reads. */
package dev.eventbridge.core.store.jdbc.events;
