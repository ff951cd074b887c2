package dev.eventbridge.connectout.config;

import dev.eventbridge.api.SubscriptionMatcher;
import dev.eventbridge.connectout.group.GroupBy;
import java.time.Duration;

/**
 * What every connect-out target has, read and checked by {@link TargetOptions#read}.
 *
 * @param connId                the connection id registered with the core: {@code <plugin>.<target>}
 * @param displayUrl            where the target connects, with credentials masked
 * @param username              user name, or null for none (or the client's default)
 * @param password              password, or null; never logged
 * @param matcher               which subscriptions the target serves
 * @param replyType             event type of a reply that carries none
 * @param reconnectInitialDelay first pause between connection attempts
 * @param reconnectMaxDelay     longest pause between connection attempts
 * @param openTimeout           longest wait for one connection attempt (connection, session, producer) to complete
 * @param sendTimeout           longest wait for the broker to confirm one send on a live connection
 * @param groupBy               where each message's group key comes from
 * @param duplicateDetection    whether messages carry the broker's duplicate-detection id
 * @param deadLetterDestination where dead letters go on the target's broker unless the subscription names
 *                              its own; null for none
 */
public record TargetSettings(String connId, String displayUrl, String username, String password,
                             SubscriptionMatcher matcher, String replyType, Duration reconnectInitialDelay,
                             Duration reconnectMaxDelay, Duration openTimeout, Duration sendTimeout,
                             GroupBy groupBy, DuplicateDetection duplicateDetection, String deadLetterDestination) {

    public TargetSettings {
        java.util.Objects.requireNonNull(groupBy, "groupBy");
        java.util.Objects.requireNonNull(duplicateDetection, "duplicateDetection");
    }

    /** Settings without a dead-letter destination. */
    public TargetSettings(String connId, String displayUrl, String username, String password, SubscriptionMatcher matcher,
                          String replyType, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                          Duration openTimeout, Duration sendTimeout, GroupBy groupBy,
                          DuplicateDetection duplicateDetection) {
        this(connId, displayUrl, username, password, matcher, replyType, reconnectInitialDelay, reconnectMaxDelay,
                openTimeout, sendTimeout, groupBy, duplicateDetection, null);
    }

    @Override
    public String toString() {
        return "TargetSettings[" + connId + " -> " + displayUrl + "]";
    }
}
