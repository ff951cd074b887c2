/** The demo: an embedded broker, the bridge with every plugin, and plain clients reading what it delivered. */
package dev.eventbridge.demo;
