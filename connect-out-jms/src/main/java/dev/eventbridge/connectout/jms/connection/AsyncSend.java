package dev.eventbridge.connectout.jms.connection;

import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;

/**
 * How a target starts one asynchronous send: it returns without waiting for the broker, and the
 * broker's answer later calls {@code listener} once, completion for accepted, exception for refused
 * or lost. Jakarta Messaging's own {@link #JAKARTA} by default; a provider whose producer does not
 * implement it (ActiveMQ Classic's throws UnsupportedOperationException) gets its own way.
 */
@FunctionalInterface
public interface AsyncSend {

    /** {@code producer.send(message, listener)}, Jakarta Messaging 2.0's asynchronous send. */
    AsyncSend JAKARTA = MessageProducer::send;

    /** Starts sending {@code message} on {@code producer}; must not wait for the broker's answer. */
    void send(MessageProducer producer, Message message, CompletionListener listener) throws JMSException;
}
