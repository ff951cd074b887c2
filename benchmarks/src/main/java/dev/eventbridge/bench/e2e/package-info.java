/** End-to-end benchmarks: the bridge against the raw client on the same embedded Artemis, printed as a table. */
package dev.eventbridge.bench.e2e;
