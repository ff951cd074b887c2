/** The {@code amqp} plugin: delivers events to AMQP 1.0 brokers through Qpid JMS, reusing the jms plugin's targets and mapping. */
package dev.eventbridge.plugin.amqp;
