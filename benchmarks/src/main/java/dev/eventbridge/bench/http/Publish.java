package dev.eventbridge.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The one route every candidate serves, and the bytes that cross it: a ~1 KiB event in, a ~200-byte 201 out. */
final class Publish {

    static final String PATH = "/api/events";
    static final int MAX_BODY = 1 << 20;
    static final String CONTENT_TYPE = "application/json";

    /** A single event as the bridge's clients publish it: 1,024 bytes of JSON. */
    static final byte[] REQUEST_BODY = requestBody(1024);

    private Publish() {
    }

    /** The 201's body for the event stored at {@code offset}: about 200 bytes, like the bridge's stored-event answer. */
    static byte[] created(long offset) {
        return String.format(Locale.ROOT,
                "{\"id\":%d,\"namespace\":\"default\",\"type\":\"order.created\",\"topic\":\"orders\",\"reference\":\"ref-%08d\","
                        + "\"cid\":null,\"created\":\"2025-11-26T12:00:00.000Z\",\"dataCount\":1,\"status\":\"stored\"}",
                offset, offset % 100_000_000).getBytes(StandardCharsets.US_ASCII);
    }

    /** What a server answers for anything but {@code POST /api/events}. */
    static final byte[] NOT_FOUND = "{\"error\":\"no such route\"}".getBytes(StandardCharsets.US_ASCII);

    private static byte[] requestBody(int size) {
        String head = "{\"namespace\":\"default\",\"type\":\"order.created\",\"topic\":\"orders\",\"reference\":\"ref-1\",\"data\":[{\"note\":\"";
        String tail = "\"}]}";
        StringBuilder sb = new StringBuilder(head);
        while (sb.length() < size - tail.length()) {
            sb.append((char) ('a' + sb.length() % 26));
        }
        return sb.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }
}
