package dev.eventbridge.core.filter;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A subscription's filter, compiled: namespace equality plus whole-field regular expressions. */
public final class EventFilter {

    private final String namespace;
    private final Pattern type;
    private final Pattern topic;
    private final Pattern reference;

    private EventFilter(String namespace, Pattern type, Pattern topic, Pattern reference) {
        this.namespace = namespace;
        this.type = type;
        this.topic = topic;
        this.reference = reference;
    }

    /**
     * Compiles a filter.
     *
     * @throws InvalidOptionsException naming the field whose regular expression is invalid
     */
    public static EventFilter compile(String namespace, SubscriptionFilter filter) throws InvalidOptionsException {
        return new EventFilter(namespace, pattern("type", filter.type()), pattern("topic", filter.topic()),
                pattern("reference", filter.reference()));
    }

    private static Pattern pattern(String field, String regex) throws InvalidOptionsException {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidOptionsException("filter '" + field + "' is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    public boolean test(Event event) {
        return namespace.equals(event.namespace())
                && (type == null || type.matcher(event.type()).matches())
                && (topic == null || topic.matcher(event.topic()).matches())
                && (reference == null || (event.reference() != null && reference.matcher(event.reference()).matches()));
    }
}
