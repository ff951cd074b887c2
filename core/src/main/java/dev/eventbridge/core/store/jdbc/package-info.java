/** The JDBC store: embedded H2 by default, a shared server database (PostgreSQL) for several bridge instances. */
package dev.eventbridge.core.store.jdbc;
