package dev.eventbridge.plugin.amqp;

import dev.eventbridge.connectout.jms.connection.JmsConnection;
import dev.eventbridge.connectout.jms.connection.Live;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionListener;
import org.apache.qpid.jms.message.JmsInboundMessageDispatch;
import org.apache.qpid.jms.provider.amqp.AmqpProvider;
import org.apache.qpid.jms.provider.failover.FailoverProvider;
import org.apache.qpid.proton.amqp.Symbol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Qpid JMS tells one amqp target beyond Jakarta Messaging. Failover: an interruption is
 * reported to the core as a closed connection, a restore as a new registration. Refusals: a
 * session, producer or consumer the broker closes reaches {@link JmsConnection#refused} with the
 * broker's own error; RabbitMQ 3.x refuses a link by ending its session, which Qpid never turns into
 * an answer to the pending open, so without this the open would wait for ever. Addresses: the
 * {@link AddressForm} of {@code address.form}, or for {@code auto} the form of the broker named in
 * its AMQP open frame; an existing-queue address that the broker does not check on attach
 * (RabbitMQ 3.x {@code /amq/queue/NAME}, where a missing queue silently drops what is sent) is
 * checked first by attaching, and closing, a receiver that is given no credit.
 */
final class QpidWatcher implements JmsConnection.ConnectionWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(QpidWatcher.class);
    /** The AMQP 1.0 error condition of a message larger than the link's max-message-size. */
    static final String MESSAGE_SIZE_EXCEEDED = "amqp:link:message-size-exceeded";
    /** The exception Qpid JMS fails the pending sends of a lost (or failing-over) connection with. */
    private static final String QPID_CONNECTION_LOSS = "Send failed due to connection loss";
    /** What Qpid JMS throws from a send started after its transport went down. */
    private static final String QPID_NOT_CONNECTED = "Cannot send to a non-connected transport.";

    private final AddressForm configured;
    private final String connId;
    private volatile AddressForm form;
    private volatile boolean unknownBrokerLogged;

    QpidWatcher(AddressForm configured, String connId) {
        this.configured = configured;
        this.connId = connId;
        this.form = configured;
    }

    @Override
    public void watch(Live live, JmsConnection target) {
        if (live.connection() instanceof org.apache.qpid.jms.JmsConnection qpid) {
            qpid.addConnectionListener(new Listener(live, target));
        }
    }

    @Override
    public String address(Live live, String name, boolean topic) {
        if (configured == AddressForm.AUTO) {
            form = detect(live);
        }
        return form.address(name, topic);
    }

    @Override
    public void check(Live live, String address, boolean topic) throws JMSException {
        if (topic || !form.queueMustBeChecked() || !address.startsWith("/amq/queue/")) {
            return;
        }
        // the connection is not started: Qpid grants the receiver no credit, so it takes no message
        Session session = live.connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        live.describe(session, "session checking that the queue of address " + address + " exists");
        MessageConsumer probe = session.createConsumer(session.createQueue(address));
        probe.close();
        session.close();
    }

    /**
     * Permanent: the Jakarta Messaging defaults (Qpid JMS turns {@code amqp:not-found} into an
     * InvalidDestinationException) and a message the broker rejects as larger than the link allows
     * ({@code amqp:link:message-size-exceeded}, named in Qpid's message). Not permanent:
     * {@code amqp:resource-limit-exceeded} (a full queue, a quota) and any connection failure.
     */
    @Override
    public boolean permanent(Exception sendFailure) {
        if (JmsConnection.ConnectionWatcher.super.permanent(sendFailure)) {
            return true;
        }
        for (Throwable t = sendFailure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(MESSAGE_SIZE_EXCEEDED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the broker is ActiveMQ Artemis, whose AMQP open frame names the product
     * {@code apache-activemq-artemis}; false when the product cannot be read.
     */
    @Override
    public boolean detectsDuplicates(Live live) {
        Map<Symbol, Object> properties = remoteProperties(live.connection());
        Object product = properties == null ? null : properties.get(Symbol.valueOf("product"));
        return product != null && product.toString().toLowerCase(java.util.Locale.ROOT).contains("artemis");
    }

    @Override
    public boolean connectionFailed(Live live, Exception sendFailure) {
        if (live.connection() instanceof org.apache.qpid.jms.JmsConnection qpid && (qpid.isFailed() || qpid.isClosed())) {
            return true;
        }
        return QPID_CONNECTION_LOSS.equals(sendFailure.getMessage()) || QPID_NOT_CONNECTED.equals(sendFailure.getMessage());
    }

    /** The address form of the broker {@code live} is connected to, from its open frame's product and version. */
    private AddressForm detect(Live live) {
        Map<Symbol, Object> properties = remoteProperties(live.connection());
        if (properties == null) {
            if (!unknownBrokerLogged) {
                unknownBrokerLogged = true;
                LOG.warn("{}: cannot read which broker this is from Qpid JMS; names are used as addresses "
                        + "(on RabbitMQ set address.form=rabbitmq-v1 or rabbitmq-v2)", connId);
            }
            return AddressForm.NAME;
        }
        Object product = properties.get(Symbol.valueOf("product"));
        Object version = properties.get(Symbol.valueOf("version"));
        AddressForm detected = AddressForm.forBroker(product == null ? null : product.toString(),
                version == null ? null : version.toString());
        if (detected != form) {
            LOG.info("{}: the broker is {} {}: address form {}", connId, product, version, detected.option());
        }
        return detected;
    }

    /**
     * The properties of the broker's AMQP open frame. Qpid JMS reads them but offers no API for them,
     * so this reaches its provider (through a failover provider) by reflection; null when that fails.
     */
    @SuppressWarnings("unchecked")
    static Map<Symbol, Object> remoteProperties(jakarta.jms.Connection connection) {
        try {
            Object provider = field(connection, "provider");
            if (provider instanceof FailoverProvider) {
                provider = field(provider, "provider");
            }
            if (provider instanceof AmqpProvider amqp && amqp.getProtonConnection() != null) {
                return amqp.getProtonConnection().getRemoteProperties();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot read the broker's open properties: {}", e.toString());
        }
        return null;
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }

    /** Qpid's events for one connection. */
    private record Listener(Live live, JmsConnection target) implements JmsConnectionListener {

        @Override
        public void onConnectionEstablished(URI remoteURI) {
        }

        @Override
        public void onConnectionFailure(Throwable error) {
        }

        @Override
        public void onInboundMessage(JmsInboundMessageDispatch envelope) {
        }

        @Override
        public void onSessionClosed(Session session, Throwable cause) {
            target.refused(live, session, cause);
        }

        @Override
        public void onConsumerClosed(MessageConsumer consumer, Throwable cause) {
            target.refused(live, consumer, cause);
        }

        @Override
        public void onProducerClosed(MessageProducer producer, Throwable cause) {
            target.refused(live, producer, cause);
        }

        @Override
        public void onConnectionInterrupted(URI remoteURI) {
            target.interrupted(live, String.valueOf(remoteURI));
        }

        @Override
        public void onConnectionRestored(URI remoteURI) {
            target.restored(live, String.valueOf(remoteURI));
        }
    }
}
