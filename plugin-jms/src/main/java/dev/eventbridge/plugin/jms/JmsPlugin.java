package dev.eventbridge.plugin.jms;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.connectout.jms.AbstractJmsPlugin;
import dev.eventbridge.connectout.jms.connection.AsyncSend;
import dev.eventbridge.connectout.jms.mapping.JmsMessageMapper;
import dev.eventbridge.connectout.redact.Redaction;
import jakarta.jms.ConnectionFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jms} plugin: sends events to a queue or topic of any Jakarta Messaging 3 provider, with
 * the CloudEvents JMS binding ({@code ce_*} properties, correlation id = event id). A target's
 * connection factory is either a class ({@code connection.factory}, built with its String-URL
 * constructor when {@code url} is set, else its no-arg one, then bean properties from
 * {@code factory.*}) or a JNDI lookup ({@code jndi.name} with the environment {@code jndi.*}).
 */
public final class JmsPlugin extends AbstractJmsPlugin {

    public static final String NAME = "jms";

    private static final Logger LOG = LoggerFactory.getLogger(JmsPlugin.class);
    private static final int CONFIRMATION_WINDOW = 1024 * 1024;

    public static final ConfigOption<String> URL = ConfigOption.string("url", null,
            "Broker URL, passed to the connection factory's String constructor; the no-arg constructor when absent.");
    public static final ConfigOption<String> CONNECTION_FACTORY = ConfigOption.string("connection.factory", null,
            "Class name of the provider's jakarta.jms.ConnectionFactory, for example "
                    + "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory; required unless jndi.name is set.");
    public static final ConfigOption<Map<String, String>> FACTORY = ConfigOption.map("factory",
            "Bean properties of the connection factory, set through its setters: factory.clientID=x calls setClientID(\"x\").");
    public static final ConfigOption<Map<String, String>> JNDI = ConfigOption.map("jndi",
            "Environment of the JNDI InitialContext, for example jndi.java.naming.factory.initial=...");
    public static final ConfigOption<String> JNDI_NAME = ConfigOption.string("jndi.name", null,
            "JNDI name of the connection factory; when set, the factory is looked up instead of built from connection.factory.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void declareFactoryOptions(ConfigSection targets) {
        targets.declare(URL);
        targets.declare(CONNECTION_FACTORY);
        targets.declare(FACTORY);
        targets.declare(JNDI);
        targets.declare(JNDI_NAME);
    }

    /** Jakarta Messaging's asynchronous send, or ActiveMQ Classic's own where its producer lacks it. */
    @Override
    protected AsyncSend asyncSend() {
        return new ActiveMqClassicAsyncSend();
    }

    @Override
    protected JmsMessageMapper mapper() {
        return JmsMessageMapper.jms();
    }

    @Override
    protected String displayUrl(ConfigSection target) {
        if (target.get(URL) != null) {
            return Redaction.redact(target.get(URL));
        }
        if (target.get(JNDI_NAME) != null) {
            return "jndi:" + target.get(JNDI_NAME);
        }
        return String.valueOf(target.get(CONNECTION_FACTORY));
    }

    @Override
    protected ConnectionFactory connectionFactory(ConfigSection target) {
        ConnectionFactory factory = target.get(JNDI_NAME) != null ? lookup(target) : construct(target);
        setProperties(factory, target);
        requireSendConfirmations(factory, target);
        return factory;
    }

    /**
     * ActiveMQ Artemis calls a send's CompletionListener at once, before the broker has the message,
     * unless its confirmation window is enabled. An ack must mean the broker accepted the event, so a
     * factory with a disabled window (the default, -1) gets {@value #CONFIRMATION_WINDOW} bytes.
     */
    private static void requireSendConfirmations(ConnectionFactory factory, ConfigSection target) {
        try {
            Method getter = factory.getClass().getMethod("getConfirmationWindowSize");
            Method setter = factory.getClass().getMethod("setConfirmationWindowSize", int.class);
            if (getter.getReturnType() == int.class && (int) getter.invoke(factory) < 0) {
                setter.invoke(factory, CONFIRMATION_WINDOW);
                LOG.info("{}: confirmationWindowSize set to {} so that a send is acked only once the broker confirms it",
                        target.prefix(), CONFIRMATION_WINDOW);
            }
        } catch (NoSuchMethodException e) {
            // not Artemis: the provider's CompletionListener already waits for the broker
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw target.invalid(FACTORY, "cannot enable send confirmations on " + factory.getClass().getName() + ": "
                    + Redaction.describe(e, null));
        }
    }

    private static ConnectionFactory lookup(ConfigSection target) {
        Hashtable<String, Object> env = new Hashtable<>();
        target.get(JNDI).forEach((k, v) -> {
            if (!k.equals("name")) {
                env.put(k, v);
            }
        });
        if (target.get(URL) != null && !env.containsKey(Context.PROVIDER_URL)) {
            env.put(Context.PROVIDER_URL, target.get(URL));
        }
        String name = target.get(JNDI_NAME);
        try {
            Context context = new InitialContext(env);
            try {
                Object found = context.lookup(name);
                if (found instanceof ConnectionFactory factory) {
                    return factory;
                }
                throw target.invalid(JNDI_NAME, "'" + name + "' is a " + (found == null ? "null" : found.getClass().getName())
                        + ", not a jakarta.jms.ConnectionFactory");
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw target.invalid(JNDI_NAME, "JNDI lookup of '" + name + "' failed: " + Redaction.describe(e, null));
        }
    }

    private static ConnectionFactory construct(ConfigSection target) {
        String className = target.get(CONNECTION_FACTORY);
        if (className == null) {
            throw target.invalid(CONNECTION_FACTORY, "set either '" + target.prefix() + ".connection.factory' or '"
                    + target.prefix() + ".jndi.name'");
        }
        Class<?> type = load(className);
        if (type == null) {
            throw target.invalid(CONNECTION_FACTORY, "class " + className + " not found in " + home()
                    + ": copy the JMS provider's client jars (and their dependencies) there");
        }
        if (!ConnectionFactory.class.isAssignableFrom(type)) {
            throw target.invalid(CONNECTION_FACTORY, className + " is not a jakarta.jms.ConnectionFactory");
        }
        String url = target.get(URL);
        try {
            Object instance = url == null ? type.getConstructor().newInstance()
                    : type.getConstructor(String.class).newInstance(url);
            return (ConnectionFactory) instance;
        } catch (NoSuchMethodException e) {
            throw target.invalid(url == null ? CONNECTION_FACTORY : URL, className + " has no public "
                    + (url == null ? "no-arg" : "String (URL)") + " constructor");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw url == null ? target.invalid(CONNECTION_FACTORY, "cannot create " + className + ": " + Redaction.describe(cause, null))
                    : target.invalid(URL, "refused by " + className + ": " + Redaction.describe(cause, null));
        } catch (ReflectiveOperationException e) {
            throw target.invalid(CONNECTION_FACTORY, "cannot create " + className + ": " + Redaction.describe(e, null));
        }
    }

    /** Sets {@code factory.*} through setters found by name, ignoring case, converting the text to the parameter type. */
    private static void setProperties(ConnectionFactory factory, ConfigSection target) {
        for (Map.Entry<String, String> property : target.get(FACTORY).entrySet()) {
            String key = property.getKey();
            Method setter = null;
            for (Method m : factory.getClass().getMethods()) {
                if (m.getParameterCount() == 1 && m.getName().equalsIgnoreCase("set" + key.replace(".", ""))
                        && convertible(m.getParameterTypes()[0])) {
                    setter = m;
                    break;
                }
            }
            if (setter == null) {
                throw target.invalid(FACTORY, factory.getClass().getName() + " has no settable property '" + key
                        + "' (key " + target.prefix() + ".factory." + key + ")");
            }
            try {
                setter.invoke(factory, convert(property.getValue(), setter.getParameterTypes()[0]));
            } catch (IllegalArgumentException e) {
                throw target.invalid(FACTORY, "'" + key + "' must be a " + setter.getParameterTypes()[0].getSimpleName());
            } catch (InvocationTargetException e) {
                throw target.invalid(FACTORY, "'" + key + "' refused: " + Redaction.describe(e.getCause() == null ? e : e.getCause(), null));
            } catch (IllegalAccessException e) {
                throw target.invalid(FACTORY, "'" + key + "' cannot be set: " + e.getMessage());
            }
        }
    }

    private static boolean convertible(Class<?> type) {
        return type == String.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == boolean.class || type == Boolean.class || type == double.class
                || type == Double.class;
    }

    private static Object convert(String text, Class<?> type) {
        String t = text.trim();
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(t);
        }
        if (type == long.class || type == Long.class) {
            return Long.valueOf(t);
        }
        if (type == double.class || type == Double.class) {
            return Double.valueOf(t);
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t);
        }
        throw new IllegalArgumentException("not a boolean: " + text);
    }

    /**
     * The provider class, from this plugin's own class loader (its folder, where users put the
     * provider's jars) or else the thread's context class loader; null when neither has it.
     */
    private static Class<?> load(String className) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {JmsPlugin.class.getClassLoader(), context}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    /** Where this plugin's jar lies: its plugin folder, or "the class path" when not loaded from a folder. */
    private static String home() {
        try {
            var source = JmsPlugin.class.getProtectionDomain().getCodeSource();
            java.nio.file.Path jar = java.nio.file.Path.of(source.getLocation().toURI());
            java.nio.file.Path folder = jar.getParent();
            if (JmsPlugin.class.getClassLoader() != ClassLoader.getSystemClassLoader() && folder != null
                    && jar.toString().endsWith(".jar")) {
                return "the plugin folder " + folder;
            }
        } catch (RuntimeException | java.net.URISyntaxException e) {
            // no location to name
        }
        return "the class path";
    }
}
