package dev.eventbridge.plugin.amqp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the Qpid JMS connection URI from the configured URL and the plugin's TLS and SASL options:
 * on a single-broker URI they become {@code transport.*} and {@code amqp.*} query options; on a
 * {@code failover:(...)} URI they become {@code failover.nested.*} options, which Qpid applies to
 * every nested URI.
 */
final class AmqpUri {

    static final Set<String> BROKER_SCHEMES = Set.of("amqp", "amqps", "amqpws", "amqpwss");
    static final String FAILOVER = "failover";

    private AmqpUri() {
    }

    /** The lower-case scheme of {@code url}, or the empty string. */
    static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon <= 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** Whether TLS can apply: amqps/amqpwss, or a failover URI naming one of them. */
    static boolean usesTls(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("amqps:") || lower.startsWith("amqpwss:")
                || (lower.startsWith(FAILOVER + ":") && (lower.contains("amqps://") || lower.contains("amqpwss://")));
    }

    /**
     * {@code url} with {@code options} (keys such as {@code transport.verifyHost}) appended, values
     * URL-encoded; for failover URIs each key gets the {@code failover.nested.} prefix.
     */
    static String withOptions(String url, Map<String, String> options) {
        return withOptions(url, options, Map.of());
    }

    /**
     * {@code url} with broker-connection {@code options} (nested into each broker of a failover URI)
     * and {@code jmsOptions}, which Qpid reads from the outermost query, added.
     */
    static String withOptions(String url, Map<String, String> options, Map<String, String> jmsOptions) {
        if (options.isEmpty() && jmsOptions.isEmpty()) {
            return url;
        }
        boolean failover = scheme(url).equals(FAILOVER);
        Map<String, String> prefixed = new LinkedHashMap<>();
        options.forEach((k, v) -> prefixed.put(failover ? "failover.nested." + k : k, v));
        prefixed.putAll(jmsOptions);
        String query = prefixed.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        int queryStart = url.indexOf('?', failover ? Math.max(0, url.lastIndexOf(')')) : 0);
        int fragment = url.indexOf('#');
        String base = fragment >= 0 ? url.substring(0, fragment) : url;
        String tail = fragment >= 0 ? url.substring(fragment) : "";
        return base + (queryStart >= 0 && (fragment < 0 || queryStart < fragment) ? "&" : "?") + query + tail;
    }
}
