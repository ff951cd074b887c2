package dev.eventbridge.core.config;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.OptionValues;

/** Turns the text of a property into the typed value its {@link ConfigOption} declares: {@link OptionValues}. */
final class OptionParser {

    private OptionParser() {
    }

    static Object parse(ConfigOption<?> option, String text) {
        return OptionValues.parse(option, text);
    }
}
