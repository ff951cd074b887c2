/** JSON forms (Jackson) of events, data and subscriptions, shared by the store and the HTTP API. */
package dev.eventbridge.core.json;
