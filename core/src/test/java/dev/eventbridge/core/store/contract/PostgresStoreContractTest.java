package dev.eventbridge.core.store.contract;

import dev.eventbridge.core.testing.EmbeddedPostgresServer;
import dev.eventbridge.core.testing.TestDatabase;

/** The store contract on a real PostgreSQL (the shared-store case), started by the test. */
class PostgresStoreContractTest extends EventStoreContract {

    @Override
    StoreTarget newDatabase() {
        TestDatabase db = EmbeddedPostgresServer.shared().createDatabase();
        return new StoreTarget(db.url(), db.username(), db.password());
    }
}
