/** Mapping between events and Jakarta Messaging messages, following the CloudEvents JMS and AMQP bindings. */
package dev.eventbridge.connectout.jms.mapping;
