package dev.eventbridge.core.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 and UTF-16 checks for input the store must keep exactly. Well-formed UTF-8 is what
 * the Unicode standard's table 3-7 allows: no overlong forms, no encoded surrogates (CESU-8), nothing
 * above U+10FFFF, no truncated sequences.
 */
final class Utf8 {

    /** {@link #scan} result: well-formed, and no JSON escape of a surrogate ({@code \}{@code uD800}-{@code \}{@code uDFFF}) anywhere. */
    static final int VALID = -1;
    /** {@link #scan} result: well-formed, but the bytes may hold an escaped surrogate, so decoded strings need a check. */
    static final int VALID_WITH_SURROGATE_ESCAPES = -2;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private Utf8() {
    }

    /**
     * One pass over {@code b[from..to)}: the index of the first byte of the first ill-formed
     * sequence, else {@link #VALID} or {@link #VALID_WITH_SURROGATE_ESCAPES}. The escape check
     * ignores JSON structure (an escaped backslash followed by {@code ud800} counts too): it only
     * decides whether the parse must look at decoded strings.
     */
    static int scan(byte[] b, int from, int to) {
        boolean escapes = false;
        int i = from;
        while (i < to) {
            if (i + 8 <= to) { // eight bytes at a time while they are ASCII without a backslash
                long w = (long) LONGS.get(b, i);
                long x = w ^ BACKSLASHES; // a zero byte where w has a backslash
                if (((w | ((x - ONES) & ~x)) & HIGH_BITS) == 0) {
                    i += 8;
                    continue;
                }
            }
            int c = b[i];
            if (c >= 0) {
                if (c == '\\' && !escapes && i + 3 < to && b[i + 1] == 'u' && (b[i + 2] | 0x20) == 'd' && surrogateNibble(b[i + 3])) {
                    escapes = true;
                }
                i++;
            } else {
                int n = sequenceLength(b, i, to);
                if (n == 0) {
                    return i;
                }
                i += n;
            }
        }
        return escapes ? VALID_WITH_SURROGATE_ESCAPES : VALID;
    }

    /** Whether {@code c} is the second hex digit of a surrogate code unit: 8-9 or a-f. */
    private static boolean surrogateNibble(byte c) {
        int lower = c | 0x20;
        return c == '8' || c == '9' || lower >= 'a' && lower <= 'f';
    }

    /** The length of the well-formed multi-byte sequence at {@code b[i]}, or 0 if it is ill-formed. */
    private static int sequenceLength(byte[] b, int i, int to) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0xC2) {
            return 0; // a continuation byte, or C0/C1 (always overlong)
        }
        if (b0 < 0xE0) {
            return i + 1 < to && continuation(b[i + 1]) ? 2 : 0;
        }
        if (b0 < 0xF0) {
            if (i + 2 >= to) {
                return 0;
            }
            int b1 = b[i + 1] & 0xFF;
            int lo = b0 == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            int hi = b0 == 0xED ? 0x9F : 0xBF; // ED A0..BF would encode a surrogate
            return b1 >= lo && b1 <= hi && continuation(b[i + 2]) ? 3 : 0;
        }
        if (b0 < 0xF5) {
            if (i + 3 >= to) {
                return 0;
            }
            int b1 = b[i + 1] & 0xFF;
            int lo = b0 == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            int hi = b0 == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
            return b1 >= lo && b1 <= hi && continuation(b[i + 2]) && continuation(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean continuation(byte c) {
        return (c & 0xC0) == 0x80;
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1. */
    static int loneSurrogate(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The index of the first unpaired surrogate in {@code chars[from..to)}, or -1. */
    static int loneSurrogate(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** {@code s} with each unpaired surrogate replaced by U+FFFD. */
    static String wellFormed(String s) {
        if (loneSurrogate(s) < 0) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = loneSurrogate(chars, 0, chars.length); i >= 0; i = loneSurrogate(chars, i + 1, chars.length)) {
            chars[i] = '\uFFFD';
        }
        return new String(chars);
    }

    /** {@code s} with each unpaired surrogate written as a {@code \}{@code uXXXX} escape, safe to put in a message. */
    static String printable(String s) {
        if (loneSurrogate(s) < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
