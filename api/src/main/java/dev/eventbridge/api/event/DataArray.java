package dev.eventbridge.api.event;

import java.util.List;
import java.util.Objects;

/**
 * The optional payload of an event: an ordered list of JSON values and binary blobs.
 *
 * @param items the entries, never null
 */
public record DataArray(List<Data> items) {

    public DataArray {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** An array with no entries. */
    public static DataArray empty() {
        return new DataArray(List.of());
    }

    /** An array of JSON values, each given as JSON text. */
    public static DataArray ofJson(String... json) {
        return new DataArray(java.util.Arrays.stream(json).<Data>map(Data.Json::new).toList());
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * This array as JSON text: JSON entries verbatim, binary entries as
     * {@code {"base64":"...","contentType":"..."}}. The entries are valid JSON already, so no
     * JSON library is needed to render them.
     */
    public String toJson() {
        StringBuilder out = new StringBuilder(2 + items.size() * 32).append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Data item = items.get(i);
            if (item instanceof Data.Json json) {
                out.append(json.json());
            } else if (item instanceof Data.Binary binary) {
                out.append("{\"base64\":\"").append(java.util.Base64.getEncoder().encodeToString(binary.bytes())).append('"');
                if (binary.contentType() != null) {
                    out.append(",\"contentType\":\"").append(binary.contentType().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
                out.append('}');
            }
        }
        return out.append(']').toString();
    }

    /** One entry of a {@link DataArray}. */
    public sealed interface Data permits Data.Json, Data.Binary {

        /** A JSON value held as its JSON text, already validated by the core. */
        record Json(String json) implements Data {
            public Json {
                Objects.requireNonNull(json, "json");
            }
        }

        /** An opaque binary blob with an optional media type. */
        record Binary(byte[] bytes, String contentType) implements Data {
            public Binary {
                Objects.requireNonNull(bytes, "bytes");
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Binary b && java.util.Arrays.equals(bytes, b.bytes)
                        && Objects.equals(contentType, b.contentType);
            }

            @Override
            public int hashCode() {
                return 31 * java.util.Arrays.hashCode(bytes) + Objects.hashCode(contentType);
            }

            @Override
            public String toString() {
                return "Binary[" + bytes.length + " bytes, " + contentType + "]";
            }
        }
    }
}
