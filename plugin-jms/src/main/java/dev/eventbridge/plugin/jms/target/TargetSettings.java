package dev.eventbridge.plugin.jms.target;

import dev.eventbridge.api.SubscriptionMatcher;
import java.time.Duration;

/**
 * The options of one target, read and checked.
 *
 * @param connId        the connection id registered with the core: {@code <plugin>.<target>}
 * @param displayUrl    where the target connects, with credentials masked
 * @param username      user name, or null for the factory's default
 * @param password      password, or null; never logged
 * @param destination   the queue or topic name events are sent to
 * @param topic         whether {@code destination} is a topic
 * @param replyQueue    the queue replies are read from, or null
 * @param replyType     event type of a reply that carries none
 * @param matcher       which subscriptions the target serves
 * @param persistent    whether messages are sent persistent
 * @param timeToLive    message time to live; zero for none
 * @param priority      message priority, 0 to 9
 * @param reconnectInitialDelay first pause between connection attempts
 * @param reconnectMaxDelay     longest pause between connection attempts
 */
public record TargetSettings(String connId, String displayUrl, String username, String password, String destination,
                             boolean topic, String replyQueue, String replyType, SubscriptionMatcher matcher,
                             boolean persistent, Duration timeToLive, int priority, Duration reconnectInitialDelay,
                             Duration reconnectMaxDelay) {

    /** The destination for logs: {@code queue ORDERS.IN} or {@code topic orders}. */
    public String destinationLabel() {
        return (topic ? "topic " : "queue ") + destination;
    }

    @Override
    public String toString() {
        return "TargetSettings[" + connId + " -> " + displayUrl + ", " + destinationLabel() + "]";
    }
}
