/** Network helpers for compatibility tests against brokers the test cannot restart itself. */
package dev.eventbridge.tck.net;
