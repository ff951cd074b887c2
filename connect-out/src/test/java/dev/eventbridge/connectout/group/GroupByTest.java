package dev.eventbridge.connectout.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.api.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The group key of an event for each {@code group.by} value. */
class GroupByTest {

    private static final Event EVENT = new Event(UUID.randomUUID(), 7, "shop", "order.created", "orders/7", "ref-7",
            null, Instant.parse("2024-05-01T10:15:30Z"));
    private static final Event BARE = new Event(UUID.randomUUID(), 8, "shop", "order.created", "", null,
            null, Instant.parse("2024-05-01T10:15:30Z"));

    private static String key(String groupBy, String... json) {
        return GroupBy.parse(groupBy).key(EVENT, DataArray.ofJson(json));
    }

    @Test
    void none_reference_and_topic() {
        assertNull(GroupBy.parse("none").key(EVENT, null));
        assertFalse(GroupBy.NONE.enabled());
        assertEquals("ref-7", GroupBy.parse("reference").key(EVENT, null));
        assertEquals("orders/7", GroupBy.parse("topic").key(EVENT, null));
        assertNull(GroupBy.parse("reference").key(BARE, null), "no reference, no group");
        assertNull(GroupBy.parse("topic").key(BARE, null), "empty topic, no group");
    }

    @Test
    void a_data_member_is_a_strings_text_or_a_numbers_json_text_of_the_first_data_value() {
        assertEquals("c-42", key("data:customerId", "{\"a\":{\"customerId\":\"nested\"},\"customerId\" : \"c-42\"}", "{}"));
        assertEquals("a\"b\u00e9", key("data:customerId", "{\"customerId\":\"a\\\"b\\u00e9\"}"));
        assertEquals("42", key("data:customerId", "{ \"x\": [1, {\"customerId\": 1}], \"customerId\": 42 }"));
        assertEquals("-1.5e3", key("data:customerId", "{\"customerId\":-1.5e3}"));
        assertEquals("x", key("data:customer id", "{\"ok\":true,\"n\":null,\"customer id\":\"x\"}"));
    }

    @Test
    void a_missing_member_other_types_no_object_or_no_data_give_no_group() {
        assertNull(key("data:customerId", "{\"other\":\"c-42\"}"));
        assertNull(key("data:customerId", "{\"a\":{\"customerId\":\"nested\"}}"), "only top-level members");
        assertNull(key("data:customerId", "{\"customerId\":{\"id\":1}}"));
        assertNull(key("data:customerId", "{\"customerId\":[1]}"));
        assertNull(key("data:customerId", "{\"customerId\":true}"));
        assertNull(key("data:customerId", "{\"customerId\":null}"));
        assertNull(key("data:customerId", "[{\"customerId\":\"c\"}]"));
        assertNull(key("data:customerId", "\"customerId\""));
        assertNull(key("data:customerId", "{}"));
        assertNull(key("data:customerId", "{\"other\":1}", "{\"customerId\":\"second\"}"), "the first value only");
        GroupBy byCustomer = GroupBy.parse("data:customerId");
        assertNull(byCustomer.key(EVENT, null), "subscription without data");
        assertNull(byCustomer.key(EVENT, DataArray.empty()));
        assertNull(byCustomer.key(EVENT, new DataArray(List.of(new DataArray.Data.Binary(new byte[] {'{'}, null)))));
        assertNull(key("data:customerId", "{\"customerId\":"), "malformed text gives no group, no error");
    }

    @Test
    void invalid_values_are_refused() {
        for (String bad : new String[] {"data:", "data: ", "colour", "", "Reference", "data"}) {
            assertFalse(GroupBy.isValid(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> GroupBy.parse(bad));
        }
        assertTrue(GroupBy.isValid("data:customerId"));
        assertEquals("data:customerId", GroupBy.parse("data:customerId").toString());
    }
}
