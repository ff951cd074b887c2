/** The {@code jms} plugin: delivers events to any Jakarta Messaging 3 provider, plus a base class for plugins built on Jakarta Messaging. */
package dev.eventbridge.plugin.jms;
