/** Subscription filters compiled to matchers over events. */
package dev.eventbridge.core.filter;
