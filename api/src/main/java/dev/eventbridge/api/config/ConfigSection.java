package dev.eventbridge.api.config;

import java.util.Set;

/**
 * A plugin's part of the bridge configuration: the keys that start with its prefix (the plugin name,
 * for example {@code jms.}). In {@link dev.eventbridge.api.Plugin#initConfig} the plugin declares
 * options and groups; in {@link dev.eventbridge.api.Plugin#init} it reads them. The core rejects any
 * key in the section that was not declared, and any value that does not parse or pass its check,
 * before {@code init} is called.
 *
 * <p>A group holds named entries that share the same options, such as broker targets:
 * {@code jms.targets.orders.url} is option {@code url} of entry {@code orders} of group
 * {@code targets}.
 */
public interface ConfigSection {

    /** The full key prefix of this section, without the trailing dot ({@code jms}, {@code jms.targets.orders}). */
    String prefix();

    /** Where the values come from, for messages: the file path, or a description of the defaults. */
    String source();

    /** Declares an option of this section. Returns {@code option} for chaining into a constant. */
    <T> ConfigOption<T> declare(ConfigOption<T> option);

    /**
     * The group {@code name} of this section: declare options on it once, in {@code initConfig};
     * read its entries in {@code init}. Calling it twice returns the same group.
     */
    ConfigSection group(String name);

    /** The names of the entries present in this group, in the order they appear; empty for a plain section. */
    Set<String> entryNames();

    /** One entry of this group, reading the options declared on the group. */
    ConfigSection entry(String name);

    /**
     * The option's value: parsed and checked, or its default when absent ({@code null} if it has
     * none). Only for declared options.
     */
    <T> T get(ConfigOption<T> option);

    /** Whether the option was given a value, as opposed to falling back to its default. */
    boolean isSet(ConfigOption<?> option);

    /**
     * An exception for a value that parsed but cannot be used (for example a URL the client
     * refuses), naming the full key and the source; throw it from {@code init}.
     */
    default ConfigException invalid(ConfigOption<?> option, String reason) {
        return new ConfigException(prefix() + "." + option.name(), source(), reason);
    }
}
