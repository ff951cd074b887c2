package dev.eventbridge.core.engine;

import dev.eventbridge.api.SubscriptionMatcher;

/** A registered connection: which plugin owns it, what it serves, and in which order it came. */
record ConnectionInfo(String connId, PluginHandle plugin, SubscriptionMatcher matcher, long order) {
}
