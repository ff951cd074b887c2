/**
 * Issue 12 item 2: the embedded store on the log writer's workload, H2 as the bridge uses it against
 * other durable embedded stores, in JMH ({@link dev.eventbridge.bench.store.StoreAppendBenchmark},
 * {@link dev.eventbridge.bench.store.StoreReadBenchmark}); {@link dev.eventbridge.bench.store.SyncCheck}
 * counts each candidate's syncs per group under strace. Run with {@code bin/store-benchmark};
 * results in {@code benchmarks/STORES.md}.
 */
package dev.eventbridge.bench.store;
