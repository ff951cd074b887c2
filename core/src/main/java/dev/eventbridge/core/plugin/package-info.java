/**
 * Plugin loading: {@link java.util.ServiceLoader} over the classpath, and over each folder or jar in
 * the plugins directory in an isolated class loader ({@link dev.eventbridge.core.plugin.PluginLoader});
 * each plugin is called with its own loader as the thread's context class loader
 * ({@link dev.eventbridge.core.plugin.LoadedPlugin}).
 */
package dev.eventbridge.core.plugin;
