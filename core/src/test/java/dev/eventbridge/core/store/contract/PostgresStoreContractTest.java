package dev.eventbridge.core.store.contract;

import dev.eventbridge.testing.postgres.EmbeddedPostgresServer;
import dev.eventbridge.testing.postgres.TestDatabase;

/** The store contract on a real PostgreSQL (the shared-store case), started by the test. */
class PostgresStoreContractTest extends EventStoreContract {

    @Override
    StoreTarget newDatabase() {
        TestDatabase db = EmbeddedPostgresServer.shared().createDatabase();
        return new StoreTarget(db.url(), db.username(), db.password());
    }
}
