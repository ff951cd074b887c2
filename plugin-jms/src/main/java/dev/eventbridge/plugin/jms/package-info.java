/** The {@code jms} plugin: delivers events to any Jakarta Messaging 3 provider whose client jars lie in its plugin folder. */
package dev.eventbridge.plugin.jms;
