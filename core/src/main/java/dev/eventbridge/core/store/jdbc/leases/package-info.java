/** Subscription leases on the database's clock, with an epoch as fencing token: taken, renewed, released. */
package dev.eventbridge.core.store.jdbc.leases;
