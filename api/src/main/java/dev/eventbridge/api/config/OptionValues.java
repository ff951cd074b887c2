package dev.eventbridge.api.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a property into the typed value its {@link ConfigOption} declares, as the core
 * does when it reads the configuration file; public so that a plugin's tests can build a section
 * without the core.
 */
public final class OptionValues {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private OptionValues() {
    }

    /**
     * Parses {@code text} for {@code option}.
     *
     * @throws IllegalArgumentException with a reason that completes "... : reason"; never contains
     *     the value of a secret option
     */
    public static Object parse(ConfigOption<?> option, String text) {
        String t = text.trim();
        switch (option.type()) {
            case STRING:
            case PASSWORD:
                return text;
            case INT:
                try {
                    return Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + t + "' is not an integer");
                }
            case LONG:
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + t + "' is not an integer");
                }
            case BOOLEAN:
                if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(t);
                }
                throw new IllegalArgumentException("'" + t + "' is not true or false");
            case DURATION:
                return parseDuration(t);
            case LIST:
                return t.isEmpty() ? List.of() : Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            default:
                throw new IllegalArgumentException("options of type " + option.type() + " take sub-keys, not a value");
        }
    }

    /** Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT10S}). */
    public static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(text.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException("'" + text + "' is negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use 500ms, 10s, 5m, 1h, 2d or ISO-8601 like PT10S)");
        }
    }
}
