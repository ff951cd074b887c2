package dev.eventbridge.plugin.jms;

import dev.eventbridge.connectout.jms.connection.AsyncSend;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends asynchronously on ActiveMQ Classic, whose client (activemq-client 6.x) throws
 * UnsupportedOperationException from Jakarta Messaging's {@code send(Message, CompletionListener)}
 * but has its own {@code ActiveMQMessageProducer.send(Message, org.apache.activemq.AsyncCallback)}:
 * the message goes out as a request and the broker's answer (after it stored a persistent message,
 * or its refusal) calls {@code onSuccess} or {@code onException}; a dropped connection fails the
 * requests still open. Found by reflection, since the provider's jars live in the plugin's folder;
 * every other provider's producer gets {@link AsyncSend#JAKARTA}.
 */
final class ActiveMqClassicAsyncSend implements AsyncSend {

    static final String CALLBACK = "org.apache.activemq.AsyncCallback";

    private static final Logger LOG = LoggerFactory.getLogger(ActiveMqClassicAsyncSend.class);

    /** Per producer class: its {@code send(Message, AsyncCallback)}, or empty when it has none. */
    private static final ClassValue<Optional<Method>> CALLBACK_SEND = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> producer) {
            for (Method m : producer.getMethods()) {
                Class<?>[] types = m.getParameterTypes();
                if (m.getName().equals("send") && types.length == 2 && types[0] == Message.class
                        && types[1].isInterface() && types[1].getName().equals(CALLBACK)) {
                    LOG.info("{} does not implement Jakarta Messaging's send with a CompletionListener: sends use its "
                            + "send(Message, AsyncCallback), answered by the broker", producer.getName());
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    };

    @Override
    public void send(MessageProducer producer, Message message, CompletionListener listener) throws JMSException {
        Optional<Method> callbackSend = CALLBACK_SEND.get(producer.getClass());
        if (callbackSend.isEmpty()) {
            JAKARTA.send(producer, message, listener);
            return;
        }
        Method send = callbackSend.get();
        Class<?> callbackType = send.getParameterTypes()[1];
        Object callback = Proxy.newProxyInstance(callbackType.getClassLoader(), new Class<?>[] {callbackType},
                new Callback(message, listener));
        try {
            send.invoke(producer, message, callback);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JMSException jms) {
                throw jms;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + send, e);
        }
    }

    /** The AsyncCallback ({@code onSuccess()}, {@code onException(JMSException)}) as the CompletionListener. */
    private record Callback(Message message, CompletionListener listener) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "onSuccess" -> listener.onCompletion(message);
                case "onException" -> listener.onException(message, (Exception) args[0]);
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "AsyncCallback for " + listener;
                }
                default -> throw new UnsupportedOperationException(method.toString());
            }
            return null;
        }
    }
}
