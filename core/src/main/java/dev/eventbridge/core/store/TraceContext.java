package dev.eventbridge.core.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A publish's W3C Trace Context (<a href="https://www.w3.org/TR/trace-context/">Trace Context</a>),
 * stored with its events and written onto broker messages as the CloudEvents distributed-tracing
 * extension's {@code traceparent} and {@code tracestate} attributes.
 *
 * <p>{@code traceparent} is {@code version "-" trace-id "-" parent-id "-" trace-flags}, lower-case
 * hex: version 2 characters, not {@code ff}; trace-id 32, not all zeros; parent-id 16, not all
 * zeros; flags 2. Version {@code 00} is exactly 55 characters. A higher version is read as the spec
 * says: its first four fields, followed by the end or a {@code -} (the rest is ignored); it is kept
 * in the version {@code 00} form the bridge propagates (the bridge implements version 00).
 *
 * <p>{@code tracestate} is kept verbatim when it is at most {@value #MAX_TRACESTATE} characters of at
 * most {@value #MAX_MEMBERS} list-members {@code key=value} with unique keys and only the characters
 * the spec allows (empty members allowed); otherwise it is dropped, never refused (the spec: a
 * vendor must not fail on a bad tracestate). An empty one is dropped too.
 *
 * @param traceparent the traceparent in its version 00 form
 * @param tracestate the tracestate, verbatim, or null
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The length of a version 00 traceparent. */
    public static final int TRACEPARENT_LENGTH = 55;
    /** The longest tracestate kept. */
    public static final int MAX_TRACESTATE = 512;
    /** The most list-members a tracestate kept may have. */
    public static final int MAX_MEMBERS = 32;

    /**
     * The trace context of HTTP request headers, or null when there is no valid {@code traceparent}
     * header: absent, invalid, or given more than once (then the trace restarts, per the spec, and
     * {@code tracestate} is not read). Several {@code tracestate} headers are joined with commas.
     */
    public static TraceContext fromHeaders(List<String> traceparentHeaders, List<String> tracestateHeaders) {
        if (traceparentHeaders == null || traceparentHeaders.size() != 1) {
            return null;
        }
        String traceparent = traceparent(traceparentHeaders.get(0));
        if (traceparent == null) {
            return null;
        }
        String tracestate = tracestateHeaders == null || tracestateHeaders.isEmpty() ? null : tracestate(String.join(",", tracestateHeaders));
        return new TraceContext(traceparent, tracestate);
    }

    /**
     * {@code value} in its version 00 form, or null when it is not a valid traceparent (see the class
     * comment).
     */
    public static String traceparent(String value) {
        if (value == null || value.length() < TRACEPARENT_LENGTH) {
            return null;
        }
        if (!hex(value, 0, 2) || value.charAt(2) != '-' || value.startsWith("ff")) {
            return null;
        }
        boolean v00 = value.startsWith("00");
        if (v00 ? value.length() != TRACEPARENT_LENGTH : value.length() > TRACEPARENT_LENGTH && value.charAt(TRACEPARENT_LENGTH) != '-') {
            return null;
        }
        if (!hex(value, 3, 35) || value.charAt(35) != '-' || !hex(value, 36, 52) || value.charAt(52) != '-' || !hex(value, 53, 55)) {
            return null;
        }
        if (zeros(value, 3, 35) || zeros(value, 36, 52)) {
            return null;
        }
        return v00 ? value : "00" + value.substring(2, TRACEPARENT_LENGTH);
    }

    /**
     * Why {@code value} is not a valid traceparent, for a client that sent it, or null when it is.
     */
    public static String whyNotTraceparent(String value) {
        if (traceparent(value) != null) {
            return null;
        }
        return "is not a W3C traceparent (version-traceid-parentid-flags in lower-case hex, 55 characters for version 00,"
                + " trace id and parent id not all zeros, version not ff)";
    }

    /** {@code value} when it is a tracestate the bridge keeps (see the class comment), else null. */
    public static String tracestate(String value) {
        if (value == null || value.length() > MAX_TRACESTATE) {
            return null;
        }
        Set<String> keys = new HashSet<>();
        int members = 0;
        for (String raw : value.split(",", -1)) {
            String member = trimOws(raw);
            if (member.isEmpty()) {
                continue; // empty list-members are allowed
            }
            int eq = member.indexOf('=');
            if (eq < 0 || !key(member.substring(0, eq)) || !value(member.substring(eq + 1))) {
                return null;
            }
            if (!keys.add(member.substring(0, eq)) || ++members > MAX_MEMBERS) {
                return null;
            }
        }
        return members == 0 ? null : value;
    }

    /** {@code raw} without the spaces and tabs (OWS) around it. */
    private static String trimOws(String raw) {
        int from = 0;
        int to = raw.length();
        while (from < to && (raw.charAt(from) == ' ' || raw.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (raw.charAt(to - 1) == ' ' || raw.charAt(to - 1) == '\t')) {
            to--;
        }
        return raw.substring(from, to);
    }

    /** simple-key, or tenant-id "@" system-id. */
    private static boolean key(String key) {
        int at = key.indexOf('@');
        if (at < 0) {
            return key.length() >= 1 && key.length() <= 256 && lcalpha(key.charAt(0)) && keyChars(key, 1, key.length());
        }
        String tenant = key.substring(0, at);
        String system = key.substring(at + 1);
        return tenant.length() >= 1 && tenant.length() <= 241 && (lcalpha(tenant.charAt(0)) || digit(tenant.charAt(0)))
                && keyChars(tenant, 1, tenant.length())
                && system.length() >= 1 && system.length() <= 14 && lcalpha(system.charAt(0)) && keyChars(system, 1, system.length());
    }

    private static boolean keyChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(lcalpha(c) || digit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** 0*255(chr) nblk-chr: printable ASCII but ',' and '=', spaces inside, not at the end. */
    private static boolean value(String v) {
        if (v.isEmpty() || v.length() > 256 || v.charAt(v.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean lcalpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(digit(c) || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
