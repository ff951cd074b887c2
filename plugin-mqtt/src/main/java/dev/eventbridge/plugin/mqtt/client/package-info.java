/**
 * One MQTT broker target: its settings, the Paho client of its protocol version behind
 * {@link dev.eventbridge.plugin.mqtt.client.MqttLink}, and
 * {@link dev.eventbridge.plugin.mqtt.client.MqttConnection}, which publishes deliveries and turns
 * broker acknowledgements and replies into delivery responses.
 */
package dev.eventbridge.plugin.mqtt.client;
