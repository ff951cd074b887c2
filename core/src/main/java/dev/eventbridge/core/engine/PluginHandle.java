package dev.eventbridge.core.engine;

import dev.eventbridge.api.Capabilities;
import dev.eventbridge.api.Plugin;

/** A plugin known to the engine; its capabilities are read once its init has returned. */
final class PluginHandle {

    final Plugin plugin;
    volatile Capabilities capabilities;

    PluginHandle(Plugin plugin) {
        this.plugin = plugin;
    }

    String name() {
        return plugin.name();
    }

    boolean ready() {
        return capabilities != null;
    }
}
