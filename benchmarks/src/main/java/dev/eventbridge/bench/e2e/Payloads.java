package dev.eventbridge.bench.e2e;

import java.nio.charset.StandardCharsets;

/**
 * The event bodies both sides send. An event's data array is {@code [{"p":"xxxx..."}]}, exactly
 * {@code size} bytes of JSON; the bridge delivers that array as the message body, and the raw client
 * sends the same bytes, so both put the same body on the wire (the bridge adds its CloudEvents
 * properties on top).
 */
public final class Payloads {

    private final String dataJson;
    private final byte[] dataBytes;

    public Payloads(int size) {
        String prefix = "[{\"p\":\"";
        String suffix = "\"}]";
        int fill = size - prefix.length() - suffix.length();
        if (fill < 1) {
            throw new IllegalArgumentException("payload of " + size + " bytes is too small");
        }
        this.dataJson = prefix + "x".repeat(fill) + suffix;
        this.dataBytes = dataJson.getBytes(StandardCharsets.UTF_8);
    }

    /** The data array as JSON text. */
    public String dataJson() {
        return dataJson;
    }

    /** The data array as the raw client's message body. */
    public byte[] body() {
        return dataBytes.clone();
    }

    public int size() {
        return dataBytes.length;
    }

    /** One event for {@code POST /api/events}. */
    public String event(String type, String reference) {
        return "{\"type\":\"" + type + "\",\"reference\":\"" + reference + "\",\"data\":" + dataJson + "}";
    }

    /** A JSON array of {@code count} events, references {@code <prefix><first>...}. */
    public String batch(String type, String referencePrefix, long first, int count) {
        StringBuilder b = new StringBuilder(count * (dataJson.length() + 64) + 2);
        b.append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"type\":\"").append(type).append("\",\"reference\":\"").append(referencePrefix).append(first + i)
                    .append("\",\"data\":").append(dataJson).append('}');
        }
        return b.append(']').toString();
    }

    /** Events per publish request so that a batch stays under the bridge's default 1 MiB body limit (at most 10,000). */
    public int eventsPerRequest() {
        int perEvent = dataJson.length() + 64;
        return Math.max(1, Math.min(10_000, 900_000 / perEvent));
    }
}
