package dev.eventbridge.connectout.redact;

import java.util.regex.Pattern;

/**
 * Masks credentials in URLs and messages before they reach a log line, a health detail or an
 * exception: the user-info part of a URL, the value of any query option whose name mentions a
 * password, secret or token, and any secret passed explicitly.
 */
public final class Redaction {

    /** What a masked value is replaced with. */
    public static final String MASK = "****";

    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@\\s?#,()]+@");
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "((?:^|[?&;,(])[\\w.\\-]*(?i:password|passwd|secret|token)[\\w.\\-]*=)[^&;,)\\s]*");

    private Redaction() {
    }

    /** {@code text} with URL credentials and password-like query options masked; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        return SECRET_OPTION.matcher(out).replaceAll("$1" + MASK);
    }

    /** {@link #redact(String)}, and every non-empty secret given replaced by the mask as well. */
    public static String redact(String text, String... secrets) {
        String out = redact(text);
        if (out == null || secrets == null) {
            return out;
        }
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * A one-line description of an error and its causes ({@code Type: message; caused by Type:
     * message}), masked as by {@link #redact(String, String...)}; the wrappers of an asynchronous
     * result (CompletionException, ExecutionException) are left out.
     */
    public static String describe(Throwable error, String... secrets) {
        StringBuilder out = new StringBuilder();
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause(); // wrappers of an asynchronous result say nothing of their own
        }
        String previous = null;
        for (int depth = 0; e != null && depth < 5; depth++) {
            String message = e.getMessage();
            // a cause that only repeats what its wrapper said (a refused port, wrapped three times) adds nothing
            boolean repeats = previous != null && message != null && previous.contains(message);
            if (!repeats) {
                if (depth > 0) {
                    out.append("; caused by ");
                }
                out.append(e.getClass().getSimpleName());
                if (message != null) {
                    out.append(": ").append(message);
                }
            }
            if (message != null) {
                previous = message;
            }
            if (e.getCause() == e) {
                break;
            }
            e = e.getCause();
        }
        return redact(out.toString(), secrets);
    }
}
