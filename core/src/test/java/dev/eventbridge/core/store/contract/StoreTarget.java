package dev.eventbridge.core.store.contract;

import dev.eventbridge.core.store.jdbc.JdbcEventStore;

/** A database the contract runs on: every {@link #open()} is another instance's connection pool on the same data. */
record StoreTarget(String url, String username, String password) {

    JdbcEventStore open() {
        return new JdbcEventStore(url, username, password);
    }
}
