/** The engine: the core's side of the SPI, which assigns each subscription to one connection and runs its dispatcher. */
package dev.eventbridge.core.engine;
