/** Value types for events and their deliveries that cross the SPI: events, data, deliveries and responses. */
package dev.eventbridge.api.event;
