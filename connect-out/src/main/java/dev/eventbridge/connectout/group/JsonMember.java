package dev.eventbridge.connectout.group;

/**
 * Reads one top-level member of a JSON object without a JSON library (the kit depends on the API
 * only). The text is valid JSON already (the core checks data on publish); anything unexpected
 * yields null rather than an error.
 */
final class JsonMember {

    private final String json;
    private int pos;

    private JsonMember(String json) {
        this.json = json;
    }

    /**
     * The value of member {@code name} of the object {@code json}: a string's text, a number's JSON
     * text; null when {@code json} is not an object, the member is absent, or its value is of another
     * type. Of repeated members the last counts.
     */
    static String scalar(String json, String name) {
        try {
            return new JsonMember(json).find(name);
        } catch (RuntimeException e) { // malformed text: no group rather than a failed delivery
            return null;
        }
    }

    private String find(String name) {
        skipSpace();
        if (next() != '{') {
            return null;
        }
        String found = null;
        skipSpace();
        if (peek() == '}') {
            return null;
        }
        while (true) {
            skipSpace();
            expect('"');
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            char c = peek();
            if (c == '"') {
                pos++;
                String value = string();
                if (key.equals(name)) {
                    found = value;
                }
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int from = pos;
                while (pos < json.length() && "+-.eE0123456789".indexOf(json.charAt(pos)) >= 0) {
                    pos++;
                }
                if (key.equals(name)) {
                    found = json.substring(from, pos);
                }
            } else {
                skipValue();
                if (key.equals(name)) {
                    found = null;
                }
            }
            skipSpace();
            char sep = next();
            if (sep == '}') {
                return found;
            }
            if (sep != ',') {
                return null;
            }
        }
    }

    /** Reads a string's remainder after its opening quote, decoding escapes. */
    private String string() {
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(e); // " \ /
            }
        }
    }

    /** Skips an object, array, literal (true, false, null). */
    private void skipValue() {
        int depth = 0;
        do {
            char c = next();
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (depth == 0) { // a literal: read to its end
                while (pos < json.length() && Character.isLetter(json.charAt(pos))) {
                    pos++;
                }
            }
        } while (depth > 0);
    }

    private void skipSpace() {
        while (pos < json.length() && Character.isWhitespace(json.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return json.charAt(pos);
    }

    private char next() {
        return json.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c);
        }
    }
}
