package dev.eventbridge.core.store.contract;

import java.util.UUID;

/** The store contract on embedded H2 (the single-instance default). */
class H2StoreContractTest extends EventStoreContract {

    @Override
    StoreTarget newDatabase() {
        return new StoreTarget("jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
