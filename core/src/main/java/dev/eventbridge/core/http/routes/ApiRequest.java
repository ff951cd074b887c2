package dev.eventbridge.core.http.routes;

import dev.eventbridge.core.http.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as the routes see it.
 *
 * @param method the HTTP method
 * @param rawPath the path as the client sent it, percent-encoded
 * @param segments the path's segments, each percent-decoded on its own: an encoded {@code %2F} is part
 *     of a segment, never a separator
 * @param query the query parameters, decoded
 * @param body the request body (empty when there is none)
 * @param headers the request's headers, read on demand (no copy per request)
 */
public record ApiRequest(String method, String rawPath, List<String> segments, Map<String, String> query, byte[] body,
                         Headers headers) {

    /** A request's headers as the server holds them. */
    @FunctionalInterface
    public interface Headers {
        /** No headers. */
        Headers NONE = name -> List.of();

        /** Every value of the header {@code name} (case-insensitive), in order; empty when absent. */
        List<String> all(String name);
    }

    public ApiRequest {
        headers = headers == null ? Headers.NONE : headers;
    }

    /** A request without headers. */
    public ApiRequest(String method, String rawPath, List<String> segments, Map<String, String> query, byte[] body) {
        this(method, rawPath, segments, query, body, Headers.NONE);
    }

    /**
     * Splits and decodes a raw path and query.
     *
     * @throws ApiException 400 for a malformed percent-encoding
     */
    public static ApiRequest of(String method, String rawPath, String rawQuery, byte[] body) {
        return of(method, rawPath, rawQuery, body, Headers.NONE);
    }

    /** As {@link #of(String, String, String, byte[])}, with the request's headers. */
    public static ApiRequest of(String method, String rawPath, String rawQuery, byte[] body, Headers headers) {
        return new ApiRequest(method, rawPath, segments(rawPath), query(rawQuery), body, headers);
    }

    private static List<String> segments(String rawPath) {
        int end = rawPath.length();
        while (end > 0 && rawPath.charAt(end - 1) == '/') {
            end--;
        }
        String path = rawPath.substring(0, end); // trailing slashes dropped, without compiling a pattern per request
        List<String> out = new ArrayList<>();
        int from = path.startsWith("/") ? 1 : 0;
        if (path.length() > from) {
            for (String s : path.substring(from).split("/", -1)) {
                out.add(decode(s, "path"));
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                out.put(decode(eq < 0 ? pair : pair.substring(0, eq), "query"), eq < 0 ? "" : decode(pair.substring(eq + 1), "query"));
            }
        }
        return out;
    }

    private static String decode(String text, String where) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(where.equals("path") ? text.replace("+", "%2B") : text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed percent-encoding in the " + where);
        }
    }

    /** The path segment at {@code index}, or null. */
    public String segment(int index) {
        return index < segments.size() ? segments.get(index) : null;
    }
}
