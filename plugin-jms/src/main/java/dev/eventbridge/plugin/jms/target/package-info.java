/**
 * One broker target of a Jakarta Messaging plugin: its options ({@link
 * dev.eventbridge.plugin.jms.target.TargetOptions}), its connection with reconnect, async send and
 * reply consumer ({@link dev.eventbridge.plugin.jms.target.JmsTarget}), and the masking of
 * credentials in everything it logs or reports ({@link dev.eventbridge.plugin.jms.target.Redaction}).
 */
package dev.eventbridge.plugin.jms.target;
