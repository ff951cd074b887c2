/** JMH micro benchmarks of the dispatch hot path: offset tracking and filter matching. */
package dev.eventbridge.bench.micro;
