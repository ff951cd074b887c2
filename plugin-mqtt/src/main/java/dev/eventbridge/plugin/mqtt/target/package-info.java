/**
 * One MQTT broker target: its settings, the Paho client of its protocol version behind
 * {@link dev.eventbridge.plugin.mqtt.target.MqttLink}, and {@link dev.eventbridge.plugin.mqtt.target.MqttTarget},
 * which connects with backoff, publishes deliveries within an in-flight window and turns broker
 * acknowledgements and replies into delivery responses.
 */
package dev.eventbridge.plugin.mqtt.target;
