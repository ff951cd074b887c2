package dev.eventbridge.core.json;

import static dev.eventbridge.core.json.PublishJsonExactTest.refusal;
import static dev.eventbridge.core.json.PublishJsonExactTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.NewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link PublishJson} applies the rules and messages of the tree-based reading it replaced ({@link TreePublishOracle}). */
class PublishJsonRulesTest {

    private static final String MALFORMED = "malformed JSON: ";
    private static final String CID = UUID.randomUUID().toString();

    private static final List<String> CASES = List.of(
            "", " ", "\n\t ", "null", "42", "\"x\"", "true", "[]", "{}", "[{}]", "[1]", "[[]]", "{\"type\":\"t\"}", "{\"type\":\"t\"} ",
            "{\"type\":\"t\"} {}", "{\"type\":\"t\"} 1", "{\"type\":\"t\"} x", "{\"type\":\"t\"}]", "[{\"type\":\"t\"}] [", "{\"type\":",
            "{\"type\":\"a\",\"type\":\"b\"}", "{\"type\":\"a\",\"colour\":\"red\"}", "{\"colour\":1,\"type\":2,\"zz\":3}", "{\"type\":42}",
            "{\"type\":true}", "{\"type\":{}}", "{\"type\":[]}", "{\"type\":1.5}", "{\"type\":null}", "{\"type\":\"\"}", "{\"type\":\"  \"}",
            "{\"topic\":\"x\"}", "{\"type\":\"t\",\"namespace\":\"\"}", "{\"type\":\"t\",\"namespace\":\"-x\"}", "{\"type\":\"t\",\"namespace\":\"ok.ns_1-2\"}",
            "{\"type\":\"t\",\"namespace\":null}", "{\"type\":\"t\",\"namespace\":7}", "{\"type\":\"t\",\"cid\":\"nope\"}", "{\"type\":\"t\",\"cid\":\"" + CID + "\"}",
            "{\"type\":\"t\",\"cid\":\"" + CID + "0\"}", "{\"type\":\"t\",\"cid\":12}", "{\"type\":\"t\",\"topic\":[\"x\"]}", "{\"type\":\"t\",\"reference\":{\"a\":1}}",
            "{\"type\":\"t\",\"topic\":\"" + "x".repeat(257) + "\"}", "{\"type\":\"" + "x".repeat(257) + "\"}", "{\"type\":\"t\",\"reference\":\"" + "r".repeat(1025) + "\"}",
            "{\"type\":\"t\",\"namespace\":\"" + "n".repeat(65) + "\"}", "{\"type\":\"t\",\"data\":null}", "{\"type\":\"t\",\"data\":{}}", "{\"type\":\"t\",\"data\":\"x\"}",
            "{\"type\":\"t\",\"data\":[]}", "{\"type\":\"t\",\"data\":[1,{\"a\":[true,null]},\"s\"]}", "{\"type\":\"a\\u0000b\"}", "{\"type\":\"t\",\"topic\":\"t\\u0000\"}",
            "{\"type\":\"t\",\"data\":[\"\\u0000\"]}", "[{\"type\":\"a\"},{\"type\":\"b\",\"topic\":\"t\\u0000\"}]", "[{\"type\":\"ok\"},42]", "[{\"type\":\"ok\"},{\"x\":1}]",
            "[{\"colour\":1},{\"type\":2}]", "[{\"colour\":1},{\"type\":2}", "[{\"colour\":1},{\"type\":\"a\",\"type\":\"b\"}]", "{\"type\":\"t\",\"data\":[1 2]}",
            "{\"type\":\"t\",\"data\":[01]}", "{\"type\":\"t\",\"data\":[NaN]}", "{\"type\":\"t\",\"data\":[1,]}", "{\"type\":\"t\",\"data\":[\"" + "1".repeat(1001) + "\"]}",
            "{\"type\":\"t\",\"data\":[" + "1".repeat(1001) + "]}", "[".repeat(300), "{\"type\":\"t\",\"data\":" + "[".repeat(199) + "]".repeat(199) + "}",
            "{\"type\":\"t\",\"data\":" + "[".repeat(200) + "]".repeat(200) + "}", "{'type':'t'}", "{type:\"t\"}", "/* c */ {\"type\":\"t\"}",
            "{\"type\":\"t\",\"data\":[\"\u00e9\u540d\uD83D\uDE00\"]}", "{\"type\":\"\u540d\"}", "{\"type\":\"t\",\"data\":[\"a\tb\"]}");

    @Test
    @DisplayName("every rule and error message of the tree-based reading is kept: the same error or the same events")
    void sameOutcomesAsTheTreeReading() {
        for (String body : CASES) {
            assertSameOutcome(utf8(body));
        }
    }

    @Test
    @DisplayName("2,000 random mutations of valid bodies: the same error or the same events as the tree-based reading")
    void sameOutcomesOnMutations() {
        Random random = new Random(20261124);
        String[] seeds = {"{\"type\":\"t\",\"topic\":\"x\",\"namespace\":\"ns\",\"cid\":\"" + CID + "\",\"reference\":\"r\",\"data\":[{\"a\":1},\"two\",[3,4.5],null]}",
            "[{\"type\":\"a\",\"data\":[1]},{\"type\":\"b\",\"topic\":\"t\"},{\"type\":\"c\",\"data\":null}]"};
        String alphabet = "{}[],:\" \\tx0123456789.eE-+untrlfasTyp";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder b = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int k = 1 + random.nextInt(3); k > 0 && b.length() > 0; k--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            assertSameOutcome(utf8(b.toString()));
        }
    }

    @Test
    @DisplayName("UTF-16 and UTF-32 bodies, a byte order mark and NUL bytes are refused as before, not guessed at")
    void otherEncodingsRefused() {
        String event = "{\"type\":\"t\",\"data\":[1e5]}";
        byte[] bom = utf8("\uFEFF" + event);
        for (byte[] body : List.of(event.getBytes(java.nio.charset.StandardCharsets.UTF_16LE), event.getBytes(java.nio.charset.StandardCharsets.UTF_16BE),
                event.getBytes(java.nio.charset.Charset.forName("UTF-32BE")), event.getBytes(java.nio.charset.Charset.forName("UTF-32LE")), bom,
                utf8("\u0000" + event), utf8(" \u0000" + event), utf8(event + "\u0000"), utf8("{\"\u0000\":1}"), new byte[] {0})) {
            assertSameOutcome(body);
            assertTrue(refusal(body).startsWith(MALFORMED), refusal(body));
        }
    }

    @Test
    @DisplayName("an array holds 1 to 10,000 events")
    void arrayLimits() {
        assertEquals(10_000, PublishJson.parse(utf8(events(10_000))).size());
        assertEquals("an array of events must hold 1 to 10000 events", refusal(utf8(events(10_001))));
        assertEquals("an array of events must hold 1 to 10000 events", refusal(utf8("[]")));
    }

    @Test
    @DisplayName("defaults: namespace 'default', topic '', no reference, no cid, empty data; each event gets its own id")
    void defaults() {
        List<NewEvent> events = PublishJson.parse(utf8("[{\"type\":\"t\"},{\"type\":\"t\"}]"));
        NewEvent e = events.get(0);
        assertEquals("default", e.namespace());
        assertEquals("", e.topic());
        assertNull(e.reference());
        assertNull(e.cid());
        assertEquals(DataArray.empty(), e.data());
        assertEquals(2, events.stream().map(NewEvent::id).distinct().count());
    }

    private static String events(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"t").append(i).append("\"}");
        }
        return b.append(']').toString();
    }

    private static void assertSameOutcome(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        List<NewEvent> expected = null;
        String expectedError = null;
        try {
            expected = TreePublishOracle.parse(body);
        } catch (JsonFormatException e) {
            expectedError = e.getMessage();
        }
        List<NewEvent> actual = null;
        String actualError = null;
        try {
            actual = PublishJson.parse(body);
        } catch (JsonFormatException e) {
            actualError = e.getMessage();
        }
        if (expectedError != null && expectedError.startsWith(MALFORMED)) {
            // the tree reading parsed a String, this parses bytes: Jackson's char and byte parsers word some syntax
            // errors differently ("expected a value" / "expected a valid value (...)") and count a column apart in others
            assertTrue(actualError != null && actualError.startsWith(MALFORMED), shown + " -> " + actualError);
        } else {
            assertEquals(expectedError, actualError, shown);
        }
        if (expected != null) {
            assertEquals(expected.size(), actual.size(), shown);
            for (int i = 0; i < expected.size(); i++) {
                NewEvent x = expected.get(i);
                NewEvent y = actual.get(i);
                assertEquals(List.of(x.namespace(), x.type(), x.topic(), String.valueOf(x.reference()), String.valueOf(x.cid())),
                        List.of(y.namespace(), y.type(), y.topic(), String.valueOf(y.reference()), String.valueOf(y.cid())), shown);
                assertEquals(trees(x.data()), trees(y.data()), shown);
            }
        }
    }

    private static List<JsonNode> trees(DataArray data) {
        List<JsonNode> out = new ArrayList<>();
        data.items().forEach(d -> out.add(Json.parse(((DataArray.Data.Json) d).json())));
        return out;
    }
}
