package dev.eventbridge.plugin.amqp;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.jms.AbstractJmsPlugin;
import dev.eventbridge.connectout.jms.connection.JmsConnection;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import dev.eventbridge.connectout.redact.Redaction;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.Provider;
import org.apache.qpid.jms.provider.ProviderFactory;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * The {@code amqp} plugin: sends events to an AMQP 1.0 queue or topic through Apache Qpid JMS, with
 * the CloudEvents AMQP binding: {@code cloudEvents_*} application properties, the data as a data
 * section with AMQP content-type {@code application/json}, correlation-id = event id (a string).
 * Everything else (targets, reconnect, async send, replies) is the connect-out kit's.
 */
public final class AmqpPlugin extends AbstractJmsPlugin {

    public static final String NAME = "amqp";

    public static final ConfigOption<String> URL = ConfigOption.string("url", null,
            "Qpid JMS connection URI: amqp://host:5672, amqps://host:5671, or failover:(amqps://a:5671,amqps://b:5671); "
                    + "Qpid's own jms.*, amqp.*, transport.* and failover.* query options may be added.").asRequired();
    public static final ConfigOption<String> SASL_MECHANISMS = ConfigOption.string("sasl.mechanisms", null,
            "SASL mechanisms the client may use, comma-separated (for example SCRAM-SHA-256,PLAIN); any the broker offers when absent.");
    public static final ConfigOption<String> TLS_TRUSTSTORE = ConfigOption.string("tls.truststore", null,
            "Trust store file (JKS or PKCS12) for amqps; the JVM's default trust when absent.");
    public static final ConfigOption<String> TLS_TRUSTSTORE_PASSWORD = ConfigOption.password("tls.truststore.password",
            "Password of the trust store.");
    public static final ConfigOption<String> TLS_KEYSTORE = ConfigOption.string("tls.keystore", null,
            "Key store file holding the client certificate, for TLS client authentication.");
    public static final ConfigOption<String> TLS_KEYSTORE_PASSWORD = ConfigOption.password("tls.keystore.password",
            "Password of the key store.");
    public static final ConfigOption<String> ADDRESS_FORM = ConfigOption.string("address.form", "auto",
            "How queue, topic and reply.queue names become AMQP addresses. auto: by the broker's name and version in "
                    + "its AMQP open frame: RabbitMQ 3.x as rabbitmq-v1, RabbitMQ 4.x as rabbitmq-v2, any other broker "
                    + "as name. name: the name itself. rabbitmq-v1: /amq/queue/NAME, a queue that must exist (the bridge "
                    + "checks it on connecting; RabbitMQ declares nothing), topics /topic/NAME. rabbitmq-v2: /queues/NAME "
                    + "(must exist), topics /exchanges/amq.topic/NAME. A name starting with / is used as the address itself.")
            .oneOf("auto", "name", "rabbitmq-v1", "rabbitmq-v2");
    public static final ConfigOption<Boolean> TLS_VERIFY_HOST = ConfigOption.bool("tls.verify.host", true,
            "Check that the broker's certificate names the host connected to.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void declareFactoryOptions(ConfigSection targets) {
        targets.declare(URL);
        targets.declare(SASL_MECHANISMS);
        targets.declare(TLS_TRUSTSTORE);
        targets.declare(TLS_TRUSTSTORE_PASSWORD);
        targets.declare(TLS_KEYSTORE);
        targets.declare(TLS_KEYSTORE_PASSWORD);
        targets.declare(TLS_VERIFY_HOST);
        targets.declare(ADDRESS_FORM);
    }

    @Override
    protected String displayUrl(ConfigSection target) {
        return Redaction.redact(target.get(URL));
    }

    @Override
    protected JmsMessageMapper mapper() {
        return new JmsMessageMapper(JmsMessageMapper.AMQP_PREFIX, JmsMessageMapper.BodyType.BYTES, new QpidContentType());
    }

    /** The amqp target's Qpid events, refusals and address form (see {@link QpidWatcher}). */
    @Override
    protected JmsConnection.ConnectionWatcher connectionWatcher(TargetSettings settings, ConfigSection target) {
        return new QpidWatcher(AddressForm.of(target.get(ADDRESS_FORM)), settings.connId());
    }

    /**
     * Checks the URL and options and builds the Qpid factory; Qpid's provider is created once (and
     * closed, without connecting) so that a URI it refuses fails here rather than in every retry.
     */
    @Override
    protected ConnectionFactory connectionFactory(ConfigSection target) {
        String uri = uri(target);
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            throw target.invalid(URL, "not a valid URI: " + Redaction.redact(e.getMessage()));
        }
        JmsConnectionFactory factory;
        try {
            factory = new JmsConnectionFactory(uri);
            Provider provider = ProviderFactory.create(new URI(uri));
            provider.close();
        } catch (Exception e) {
            throw target.invalid(URL, "refused by Qpid JMS: " + Redaction.describe(e, target.get(TLS_TRUSTSTORE_PASSWORD)));
        }
        return factory;
    }

    /** The Qpid connection URI for a target, checked. Visible for tests. */
    static String uri(ConfigSection target) {
        String url = target.get(URL).trim();
        String scheme = AmqpUri.scheme(url);
        if (scheme.equals(AmqpUri.FAILOVER)) {
            if (!url.substring(AmqpUri.FAILOVER.length() + 1).startsWith("(")) {
                throw target.invalid(URL, "write failover URIs as failover:(amqp://host1:5672,amqp://host2:5672)");
            }
        } else if (!AmqpUri.BROKER_SCHEMES.contains(scheme)) {
            throw target.invalid(URL, "unknown scheme '" + scheme + "': use amqp://, amqps://, amqpws://, amqpwss:// or failover:(...)");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (target.get(SASL_MECHANISMS) != null) {
            options.put("amqp.saslMechanisms", target.get(SASL_MECHANISMS).replace(" ", ""));
        }
        boolean tls = false;
        tls |= put(options, target, TLS_TRUSTSTORE, "transport.trustStoreLocation", true);
        tls |= put(options, target, TLS_TRUSTSTORE_PASSWORD, "transport.trustStorePassword", false);
        tls |= put(options, target, TLS_KEYSTORE, "transport.keyStoreLocation", true);
        tls |= put(options, target, TLS_KEYSTORE_PASSWORD, "transport.keyStorePassword", false);
        if (target.isSet(TLS_VERIFY_HOST)) {
            options.put("transport.verifyHost", String.valueOf(target.get(TLS_VERIFY_HOST)));
            tls = true;
        }
        if (tls && !AmqpUri.usesTls(url)) {
            throw target.invalid(URL, "tls.* options are set but the URL does not use amqps:// or amqpwss://");
        }
        // The bridge's property names are fixed and valid: Qpid's per-property name check was the
        // top frame of the dispatcher thread in the benchmark's profile, so it is off unless set.
        Map<String, String> jms = url.contains("jms.validatePropertyNames=") ? Map.of()
                : Map.of("jms.validatePropertyNames", "false");
        return AmqpUri.withOptions(url, options, jms);
    }

    private static boolean put(Map<String, String> options, ConfigSection target, ConfigOption<String> option,
                               String qpidKey, boolean file) {
        String value = target.get(option);
        if (value == null) {
            return false;
        }
        if (file && !Files.isReadable(Path.of(value))) {
            throw target.invalid(option, "file " + value + " does not exist or cannot be read");
        }
        options.put(qpidKey, value);
        return true;
    }

    /** The AMQP content-type of a Qpid JMS message, which Jakarta Messaging has no header for. */
    static final class QpidContentType implements JmsMessageMapper.ContentType {

        @Override
        public void set(Message message, String contentType) {
            if (message instanceof JmsMessage jms && jms.getFacade() instanceof AmqpJmsMessageFacade facade) {
                facade.setContentType(Symbol.valueOf(contentType));
            }
        }

        @Override
        public String get(Message message) {
            if (message instanceof JmsMessage jms && jms.getFacade() instanceof AmqpJmsMessageFacade facade) {
                Symbol type = facade.getContentType();
                return type == null ? null : type.toString();
            }
            return null;
        }
    }
}
