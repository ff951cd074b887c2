package dev.eventbridge.core.plugin;

/**
 * A plugin that cannot be loaded: the message is one line naming the folder or jar under
 * {@code plugins/} at fault and what to do about it. {@code Main} prints it and exits with status 2.
 */
public final class PluginLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
