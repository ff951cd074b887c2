/** What plugins report for the bridge's metrics, without depending on a metrics library. */
package dev.eventbridge.api.metrics;
