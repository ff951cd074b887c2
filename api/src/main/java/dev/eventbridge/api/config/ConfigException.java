package dev.eventbridge.api.config;

/** A configuration problem, naming the key and the file it came from. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String source, String reason) {
        super("Invalid configuration option '" + key + "' in " + source + ": " + reason);
        this.key = key;
    }

    /** The full key at fault, for example {@code jms.targets.orders.url}. */
    public String key() {
        return key;
    }
}
