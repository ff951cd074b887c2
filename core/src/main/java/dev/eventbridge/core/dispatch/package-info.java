/** Dispatchers: one per active subscription, streaming events to a connection with read-ahead, acks and rewinds. */
package dev.eventbridge.core.dispatch;
