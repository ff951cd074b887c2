/** Plugin loading: {@link java.util.ServiceLoader} over the classpath and over jars in the plugins directory. */
package dev.eventbridge.core.plugin;
