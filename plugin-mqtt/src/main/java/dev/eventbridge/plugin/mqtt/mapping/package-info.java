/** Event to MQTT message and reply message to delivery response, for MQTT 5 (binary mode) and 3.1.1 (structured mode). */
package dev.eventbridge.plugin.mqtt.mapping;
