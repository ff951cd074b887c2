/** PostgreSQL LISTEN/NOTIFY: how instances hear each other's commits. */
package dev.eventbridge.core.store.jdbc.notify;
