/** How the bridge writes its log: human-readable lines, or one JSON object per line ({@code bridge.log.format}). */
package dev.eventbridge.core.logging;
