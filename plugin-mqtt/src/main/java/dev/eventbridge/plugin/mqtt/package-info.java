/** The MQTT connect-out plugin: its options and the {@link dev.eventbridge.api.Plugin} entry point. */
package dev.eventbridge.plugin.mqtt;
