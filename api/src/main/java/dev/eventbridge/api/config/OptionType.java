package dev.eventbridge.api.config;

/** The type of a configuration option, which decides how its text is parsed and shown. */
public enum OptionType {
    /** Any text. */
    STRING,
    /** Text that is never logged or shown: passwords, tokens. */
    PASSWORD,
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer. */
    LONG,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A duration: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT10S}). */
    DURATION,
    /** A comma-separated list of strings. */
    LIST,
    /** Free keys under the option's name: {@code <option>.<key>=<value>}, read as a map. */
    MAP
}
