package dev.eventbridge.connectout.send;

import java.util.Objects;

/**
 * A delivery that is a dead letter: the event goes to {@code destination} on the target's broker, not
 * to the target's own destination, carrying why it was given up on.
 *
 * @param destination the dead-letter queue (JMS, AMQP) or topic (MQTT), named as the target's own destination is
 * @param reason      why the subscription gave up on the event
 */
public record DeadLetterSend(String destination, String reason) {

    public DeadLetterSend {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(reason, "reason");
    }
}
