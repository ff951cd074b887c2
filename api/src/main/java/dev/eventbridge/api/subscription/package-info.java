/** Value types describing subscriptions: references, filters and options. */
package dev.eventbridge.api.subscription;
