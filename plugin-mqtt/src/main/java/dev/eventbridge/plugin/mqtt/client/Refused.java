package dev.eventbridge.plugin.mqtt.client;

/** The broker answered an operation with a failure reason code (MQTT 5 PUBACK or SUBACK, 3.1.1 SUBACK, DISCONNECT). */
final class Refused extends Exception {

    private final int reasonCode;

    /**
     * @param what what happened, for the message: {@code the broker refused the publish}
     * @param reasonCode the MQTT reason code
     * @param reason the code's meaning
     */
    Refused(String what, int reasonCode, String reason) {
        super(what + ": " + reason + " (reason code 0x" + Integer.toHexString(reasonCode) + ")", null, false, false);
        this.reasonCode = reasonCode;
    }

    /** The MQTT reason code. */
    int reasonCode() {
        return reasonCode;
    }
}
