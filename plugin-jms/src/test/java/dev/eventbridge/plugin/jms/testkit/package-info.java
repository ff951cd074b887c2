/** Test kit shared by the Jakarta Messaging based plugins: embedded broker, recording callbacks, contract tests. */
package dev.eventbridge.plugin.jms.testkit;
