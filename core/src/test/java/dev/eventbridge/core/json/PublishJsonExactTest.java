package dev.eventbridge.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.NewEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link PublishJson}: data kept as sent, and input that cannot be kept exactly refused naming the field. */
class PublishJsonExactTest {

    static final List<String> EXACT_VALUES = List.of("1e999999", "1e-999999", "3.141592653589793238462643383279", "-0.0", "1.0E+2",
            "123456789012345678901234567890", "-123456789012345678901234567890.000000000000000000001", "0", "1E400",
            "\"\\u00e9 \u00e9 \uD83D\uDE00 \\ud83d\\ude00 \\\\ud800 \\\" \\/ \\n\"", "{ \"a\" :\t[1 ,2.50] ,\n \"b\":{ },\"c\" : \"\u540d\" }",
            "[ ]", "{}", "true", "false", "null", "\"\"", "[[[ 1e-0 ]]]");

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code parts} concatenated: Strings as UTF-8, byte arrays as they are (to send ill-formed UTF-8). */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : utf8((String) part));
        }
        return out.toByteArray();
    }

    static String refusal(byte[] body) {
        return assertThrows(JsonFormatException.class, () -> PublishJson.parse(body)).getMessage();
    }

    static void assertRefused(byte[] body, String... fragments) {
        String message = refusal(body);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + message + "' should contain '" + fragment + "'");
        }
    }

    static List<String> json(DataArray data) {
        return data.items().stream().map(d -> ((DataArray.Data.Json) d).json()).toList();
    }

    @Test
    @DisplayName("each data value is kept as the exact JSON text sent: numbers, escapes, unicode and whitespace inside it")
    void dataKeptVerbatim() {
        StringBuilder body = new StringBuilder("{\"type\":\"exact\",\"data\":[ ");
        for (int i = 0; i < EXACT_VALUES.size(); i++) {
            body.append(i == 0 ? "" : " ,\n\t").append(EXACT_VALUES.get(i));
        }
        body.append(" ]}");
        List<NewEvent> events = PublishJson.parse(utf8(body.toString()));
        assertEquals(EXACT_VALUES, json(events.get(0).data()));
        assertEquals("exact", events.get(0).type());
    }

    @Test
    @DisplayName("exact data in an array of events, and from a slice of a larger buffer")
    void arrayAndSlice() {
        String events = "[{\"type\":\"a\",\"data\":[1e999999]} , {\"type\":\"b\",\"data\":[3.141592653589793238462643383279, {\"x\" : -0.0}]}]";
        byte[] buffer = bytes("garbage\u00ff", events, "\u00fftrailing");
        int start = utf8("garbage\u00ff").length;
        List<NewEvent> parsed = PublishJson.parse(buffer, start, utf8(events).length);
        assertEquals(List.of("1e999999"), json(parsed.get(0).data()));
        assertEquals(List.of("3.141592653589793238462643383279", "{\"x\" : -0.0}"), json(parsed.get(1).data()));
    }

    @Test
    @DisplayName("ill-formed UTF-8 is a 400 naming the field: bad bytes, truncated, overlong and encoded-surrogate sequences")
    void invalidUtf8NamesTheField() {
        byte[] ff = {(byte) 0xFF};
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        byte[] overlong3 = {(byte) 0xE0, (byte) 0x80, (byte) 0xAF};
        byte[] encodedSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] aboveMax = {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
        byte[] truncated = {(byte) 0xE2, (byte) 0x82};
        for (byte[] bad : List.of(ff, overlongSlash, overlong3, encodedSurrogate, aboveMax, truncated)) {
            assertRefused(bytes("{\"type\":\"t\",\"data\":[{\"name\":\"a", bad, "b\"}]}"), "field 'data[0].name' is not valid UTF-8");
            assertRefused(bytes("{\"type\":\"t\",\"data\":[1, \"", bad, "\"]}"), "field 'data[1]' is not valid UTF-8");
            assertRefused(bytes("{\"type\":\"", bad, "\"}"), "field 'type' is not valid UTF-8 (byte 9 of the body)");
        }
        assertRefused(bytes("{\"type\":\"t\",\"topic\":\"x", truncated), "field 'topic' is not valid UTF-8");
        assertRefused(bytes("{\"type\":\"t\",\"data\":[{\"n", ff, "m\":1}]}"), "the name of field 'data[0].n?m' is not valid UTF-8");
        assertRefused(bytes("[{\"type\":\"a\"},{\"type\":\"b\",\"data\":[[{\"deep\":[\"", ff, "\"]}]]}]"),
                "event [1]: field 'data[0][0].deep[0]' is not valid UTF-8");
        assertRefused(bytes("{\"type\": ", ff, "}"), "field 'type' is not valid UTF-8");
        assertRefused(bytes("\"", ff, "\""), "the body is not valid UTF-8");
        assertRefused(bytes("{\"type\" \"t\",\"data\":[\"", ff, "\"]}"), "malformed JSON");
    }

    @Test
    @DisplayName("an unpaired surrogate, escaped or in a field name, is a 400 naming the field; pairs and escaped backslashes pass")
    void loneSurrogatesNameTheField() {
        String problem = "contains an unpaired surrogate";
        assertRefused(utf8("{\"type\":\"t\",\"data\":[{\"name\":\"\\ud800\"}]}"), "field 'data[0].name' " + problem);
        assertRefused(utf8("{\"type\":\"t\",\"data\":[0,\"x\\uDC00\"]}"), "field 'data[1]' " + problem);
        assertRefused(utf8("{\"type\":\"t\",\"data\":[\"\\udc00\\ud800\"]}"), "field 'data[0]' " + problem);
        assertRefused(utf8("{\"type\":\"t\",\"data\":[\"\\ud83d\"]}"), "field 'data[0]' " + problem);
        assertRefused(utf8("{\"type\":\"t\",\"data\":[{\"a\\ud800\":1}]}"), "the name of field 'data[0].a\\ud800' " + problem);
        assertRefused(utf8("[{\"type\":\"ok\"},{\"type\":\"t\",\"data\":[[\"\\ud800\"]]}]"), "event [1]: field 'data[0][0]' " + problem);
        assertRefused(utf8("{\"type\":\"\\ud800\"}"), "field 'type' " + problem);
        assertRefused(utf8("{\"type\":\"t\",\"topic\":\"x\\udfff\"}"), "field 'topic' " + problem);
        assertRefused(utf8("{\"type\":\"t\",\"\\ud800\":1}"), "the name of field '\\ud800' " + problem);
        assertEquals(List.of("\"\\ud83d\\ude00\"", "\"\\\\ud800\"", "{\"\\uD83D\\uDE00\":\"\\\\uDC00\"}"),
                json(PublishJson.parse(utf8("{\"type\":\"t\",\"data\":[\"\\ud83d\\ude00\",\"\\\\ud800\",{\"\\uD83D\\uDE00\":\"\\\\uDC00\"}]}")).get(0).data()));
    }

    @Test
    @DisplayName("the strict UTF-8 check agrees with the JDK's reporting decoder on random bytes, position included")
    void utf8CheckAgreesWithTheJdk() {
        java.util.Random random = new java.util.Random(13);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            int nonAscii = 1 + random.nextInt(8); // about one byte in nonAscii is not ASCII
            for (int i = 0; i < b.length; i++) {
                int kind = random.nextInt(nonAscii * 2);
                b[i] = (byte) (kind == 0 ? 0x80 + random.nextInt(64) : kind == 1 ? 0xC0 + random.nextInt(64) : random.nextInt(128));
            }
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
            java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, java.nio.CharBuffer.allocate(b.length * 2), true);
            int expected = r.isError() ? in.position() : -1;
            int actual = Utf8.scan(b, 0, b.length);
            assertEquals(expected, actual < 0 ? -1 : actual, () -> java.util.HexFormat.ofDelimiter(" ").formatHex(b));
        }
    }

    @Test
    @DisplayName("a surrogate escape is noticed wherever it sits in the body, and a body without one needs no string checks")
    void surrogateEscapesNoticedAtAnyOffset() {
        for (int at = 0; at < 20; at++) {
            for (String escape : List.of("\\ud800", "\\uDFFF", "\\uD83D")) {
                byte[] b = utf8("x".repeat(at) + escape + "y".repeat(at % 7));
                assertEquals(Utf8.VALID_WITH_SURROGATE_ESCAPES, Utf8.scan(b, 0, b.length), new String(b, StandardCharsets.UTF_8));
            }
            byte[] plain = utf8("x".repeat(at) + "\\u00e9 \\ud7ff \\\\ \u00e9" + "y".repeat(at % 7));
            assertEquals(Utf8.VALID, Utf8.scan(plain, 0, plain.length), new String(plain, StandardCharsets.UTF_8));
        }
    }
}
