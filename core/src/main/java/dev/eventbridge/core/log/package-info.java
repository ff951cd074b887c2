/** The event log: publishing with group commit, and wake-ups for dispatchers when events arrive. */
package dev.eventbridge.core.log;
