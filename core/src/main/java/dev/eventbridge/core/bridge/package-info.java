/** The runnable bridge: its own options, start-up and shutdown order, and the main class. */
package dev.eventbridge.core.bridge;
