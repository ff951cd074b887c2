package dev.eventbridge.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One declared option: name, type, default, documentation, whether it is required, and an optional
 * check on its value. Declare options as constants and pass them to {@link ConfigSection#declare}.
 *
 * @param <T> the Java type the value is read as
 * @param name the key relative to its section, dotted lower case ({@code reply.queue})
 * @param type how the text is parsed
 * @param defaultValue the value when the key is absent; null for none
 * @param required whether start-up fails when the key is absent
 * @param doc one or two sentences for the README's option table
 * @param check a test the parsed value must pass, or null
 * @param mustBe what {@code check} requires, completing "must be ..." in error messages
 */
public record ConfigOption<T>(String name, OptionType type, T defaultValue, boolean required, String doc,
                              Predicate<T> check, String mustBe) {

    public ConfigOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        if (!name.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("option names are dotted lower case, was '" + name + "'");
        }
    }

    public static ConfigOption<String> string(String name, String defaultValue, String doc) {
        return new ConfigOption<>(name, OptionType.STRING, defaultValue, false, doc, null, null);
    }

    public static ConfigOption<String> password(String name, String doc) {
        return new ConfigOption<>(name, OptionType.PASSWORD, null, false, doc, null, null);
    }

    public static ConfigOption<Integer> integer(String name, Integer defaultValue, String doc) {
        return new ConfigOption<>(name, OptionType.INT, defaultValue, false, doc, null, null);
    }

    public static ConfigOption<Long> longValue(String name, Long defaultValue, String doc) {
        return new ConfigOption<>(name, OptionType.LONG, defaultValue, false, doc, null, null);
    }

    public static ConfigOption<Boolean> bool(String name, Boolean defaultValue, String doc) {
        return new ConfigOption<>(name, OptionType.BOOLEAN, defaultValue, false, doc, null, null);
    }

    public static ConfigOption<Duration> duration(String name, Duration defaultValue, String doc) {
        return new ConfigOption<>(name, OptionType.DURATION, defaultValue, false, doc, null, null);
    }

    public static ConfigOption<List<String>> list(String name, List<String> defaultValue, String doc) {
        return new ConfigOption<>(name, OptionType.LIST, defaultValue, false, doc, null, null);
    }

    /** A text option that must be a valid {@link java.util.regex.Pattern regular expression}. */
    public static ConfigOption<String> regex(String name, String defaultValue, String doc) {
        return string(name, defaultValue, doc).mustBe("a valid regular expression", ConfigOption::compiles);
    }

    private static boolean compiles(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    public static ConfigOption<Map<String, String>> map(String name, String doc) {
        return new ConfigOption<>(name, OptionType.MAP, Map.of(), false, doc, null, null);
    }

    /** This option, required: start-up fails when it is absent. */
    public ConfigOption<T> asRequired() {
        return new ConfigOption<>(name, type, defaultValue, true, doc, check, mustBe);
    }

    /**
     * This option with a check on its parsed value.
     *
     * @param mustBe completes "must be ...", for example {@code "between 0 and 9"}
     */
    public ConfigOption<T> mustBe(String mustBe, Predicate<T> check) {
        return new ConfigOption<>(name, type, defaultValue, required, doc, check, mustBe);
    }

    /** This option restricted to the given values (compared ignoring case). */
    public ConfigOption<T> oneOf(String... values) {
        return mustBe("one of " + String.join(", ", values),
                v -> List.of(values).stream().anyMatch(x -> x.equalsIgnoreCase(String.valueOf(v))));
    }

    /** True for options whose values must never be logged or shown. */
    public boolean secret() {
        return type == OptionType.PASSWORD;
    }
}
