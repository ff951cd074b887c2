package dev.eventbridge.core.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.Event;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static Event typed(String type) {
        return new Event(UUID.randomUUID(), 1, "default", type, "t", null, null, Instant.now());
    }

    @Test
    void a_pattern_that_backtracks_exponentially_in_java_regex_ends_on_a_long_non_matching_type() throws Exception {
        // with java.util.regex, (.*a){25} against 60 a's and a b ran for minutes on one core (issue 11)
        EventFilter filter = EventFilter.compile("default", new SubscriptionFilter("(.*a){25}", null, null));
        Event hostile = typed("a".repeat(60) + "b");
        Event matching = typed("a".repeat(60));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertFalse(filter.test(hostile));
            assertTrue(filter.test(matching));
        }, "a filter must not hold a dispatcher's thread");
    }

    @Test
    void what_re2_does_not_support_is_refused_at_creation_naming_the_field() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> EventFilter.compile("default", new SubscriptionFilter(null, "(a)\\1", null)));
        assertTrue(e.getMessage().startsWith("filter 'topic'"), e.getMessage());
        assertThrows(InvalidOptionsException.class,
                () -> EventFilter.compile("default", new SubscriptionFilter("(?=a)a", null, null)));
    }
}
