package dev.eventbridge.connectout.config;

import java.util.Locale;

/**
 * Whether each message carries a duplicate-detection id the broker drops redeliveries by (the
 * option {@code duplicate.detection}): the id is stable per (subscription, event), so a redelivery
 * after a crash, a lost acknowledgement or a send timeout is the same id and the broker keeps the
 * first copy only.
 */
public enum DuplicateDetection {
    /** On when the plugin recognises a broker that detects duplicates, off otherwise. */
    AUTO,
    /** Always set the id. */
    ON,
    /** Never set the id. */
    OFF;

    /** The option value: {@code auto}, {@code on} or {@code off}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option value, ignoring case. */
    public static DuplicateDetection of(String value) {
        for (DuplicateDetection d : values()) {
            if (d.option().equalsIgnoreCase(value.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not auto, on or off");
    }

    /** Whether {@link #of} accepts {@code value}. */
    public static boolean isValid(String value) {
        try {
            of(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The stable duplicate-detection id of one event delivered for one subscription:
     * {@code <subscriptionId>:<eventId>}.
     */
    public static String key(java.util.UUID subscriptionId, java.util.UUID eventId) {
        return subscriptionId + ":" + eventId;
    }
}
