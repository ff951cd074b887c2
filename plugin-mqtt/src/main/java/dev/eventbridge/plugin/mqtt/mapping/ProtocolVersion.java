package dev.eventbridge.plugin.mqtt.mapping;

import java.util.Locale;

/** The MQTT protocol version a target speaks, as written in the {@code version} option. */
public enum ProtocolVersion {
    /** MQTT 3.1.1: no message properties, so events travel as structured-mode CloudEvents JSON. */
    V3_1_1("3.1.1"),
    /** MQTT 5: events travel in binary mode, attributes as user properties. */
    V5("5");

    private final String text;

    ProtocolVersion(String text) {
        this.text = text;
    }

    /** The option value ({@code 3.1.1} or {@code 5}). */
    public String text() {
        return text;
    }

    /** Parses the option value. */
    public static ProtocolVersion parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "3.1.1" -> V3_1_1;
            case "5" -> V5;
            default -> throw new IllegalArgumentException("MQTT version must be 3.1.1 or 5, was '" + value + "'");
        };
    }

    @Override
    public String toString() {
        return "MQTT " + text;
    }
}
