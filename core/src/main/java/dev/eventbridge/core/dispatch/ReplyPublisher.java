package dev.eventbridge.core.dispatch;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.event.Reply;

/** Publishes a reply as a new event answering {@code answered}, returning once it is stored. */
@FunctionalInterface
public interface ReplyPublisher {

    void publish(Event answered, Reply reply);
}
