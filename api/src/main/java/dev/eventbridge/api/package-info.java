/** The plugin SPI: {@link dev.eventbridge.api.Plugin} is implemented by a transport, {@link dev.eventbridge.api.Callbacks} by the core. */
package dev.eventbridge.api;
