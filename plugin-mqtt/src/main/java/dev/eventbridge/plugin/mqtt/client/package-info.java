/**
 * One MQTT broker target: its settings, one HiveMQ MQTT client per connection behind
 * {@link dev.eventbridge.plugin.mqtt.client.MqttLink} (MQTT 5 or 3.1.1), and
 * {@link dev.eventbridge.plugin.mqtt.client.MqttConnection}, which publishes deliveries and turns
 * broker acknowledgements and replies into delivery responses.
 */
package dev.eventbridge.plugin.mqtt.client;
