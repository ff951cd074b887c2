package dev.eventbridge.plugin.mqtt.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a target connects, read from its {@code url}: {@code tcp://host[:1883]} or {@code ssl://host[:8883]}.
 *
 * @param host the broker's host name or address
 * @param port the broker's port
 * @param tls whether the connection uses TLS ({@code ssl://})
 */
public record BrokerAddress(String host, int port, boolean tls) {

    /**
     * Parses a target URL.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never repeating credentials)
     */
    public static BrokerAddress parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw new IllegalArgumentException("the scheme must be tcp:// or ssl://");
        }
        if (uri.getUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("put credentials in username and password, not in the URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("it has no host");
        }
        boolean tls = scheme.equals("ssl");
        int port = uri.getPort() < 0 ? (tls ? 8883 : 1883) : uri.getPort();
        return new BrokerAddress(uri.getHost(), port, tls);
    }
}
