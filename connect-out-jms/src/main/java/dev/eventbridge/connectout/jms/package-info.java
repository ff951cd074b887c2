/**
 * The connect-out kit's Jakarta Messaging part, shared by the jms and amqp plugins (a library, not a
 * plugin: it registers none). {@code connection} is one target's JMS connection, asynchronous sends
 * and reply consumer; {@code mapping} is where a delivery becomes a JMS message.
 */
package dev.eventbridge.connectout.jms;
