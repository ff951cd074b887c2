package dev.eventbridge.core.filter;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A subscription's filter, compiled: namespace equality plus whole-field regular expressions. The
 * expressions run on RE2/J, whose matching time is linear in the input for any pattern, so no filter
 * (say {@code (.*a){25}}) can hold a dispatcher's thread; what RE2 does not support (backreferences,
 * lookaround) is refused when the subscription is created, naming the field.
 */
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
            throw new InvalidOptionsException("filter '" + field + "' is not a regular expression this bridge accepts "
                    + "(RE2 syntax: no backreferences or lookaround): " + e.getDescription());
        }
    }

    public boolean test(Event event) {
        return namespace.equals(event.namespace())
                && (type == null || type.matcher(event.type()).matches())
                && (topic == null || topic.matcher(event.topic()).matches())
                && (reference == null || (event.reference() != null && reference.matcher(event.reference()).matches()));
    }
}
