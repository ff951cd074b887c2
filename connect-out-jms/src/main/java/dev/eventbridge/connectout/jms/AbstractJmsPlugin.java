package dev.eventbridge.connectout.jms;

import dev.eventbridge.api.Callbacks;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.connectout.ConnectOutPlugin;
import dev.eventbridge.connectout.config.TargetSettings;
import dev.eventbridge.connectout.jms.connection.AsyncSend;
import dev.eventbridge.connectout.jms.connection.JmsConnection;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import jakarta.jms.ConnectionFactory;

/**
 * A connect-out plugin over Jakarta Messaging: one {@link JmsConnection} per entry of
 * {@code <name>.targets}. Subclasses name the plugin, declare how a target's connection factory is
 * configured and choose the message mapping; destinations and message options ({@link JmsOptions})
 * are declared here, everything else is the kit's {@link ConnectOutPlugin}.
 */
public abstract class AbstractJmsPlugin extends ConnectOutPlugin<JmsConnection> {

    /** Declares the options that say how this plugin's connection factory is built. */
    protected abstract void declareFactoryOptions(ConfigSection targets);

    /**
     * The connection factory of one target, built from its options without connecting.
     *
     * @throws dev.eventbridge.api.config.ConfigException naming the option at fault (a bad URL, an
     *     unknown factory class or property)
     */
    protected abstract ConnectionFactory connectionFactory(ConfigSection target) throws Exception;

    /** How events become messages on this plugin's wire. */
    protected abstract JmsMessageMapper mapper();

    /** Watches each new connection of {@code target} beyond its ExceptionListener; none by default. */
    protected JmsConnection.ConnectionWatcher connectionWatcher(TargetSettings settings, ConfigSection target) {
        return JmsConnection.ConnectionWatcher.NONE;
    }

    /** How a target starts each asynchronous send; Jakarta Messaging's own by default. */
    protected AsyncSend asyncSend() {
        return AsyncSend.JAKARTA;
    }

    /**
     * Jakarta Messaging has local transactions: a batch is sent on a transacted session and committed
     * once ({@link JmsConnection}); a target whose broker refuses them (or never answers) sends its
     * batches as single confirmed sends, saying so once.
     */
    @Override
    protected final boolean batchDelivery() {
        return true;
    }

    @Override
    protected final void declareTargetOptions(ConfigSection targets) {
        JmsOptions.declare(targets);
        declareFactoryOptions(targets);
    }

    @Override
    protected final JmsConnection createConnection(TargetSettings settings, ConfigSection target, Callbacks callbacks)
            throws Exception {
        JmsOptions.Destination destination = JmsOptions.read(target);
        return new JmsConnection(settings, destination, connectionFactory(target), mapper(), callbacks,
                connectionWatcher(settings, target), asyncSend());
    }
}
