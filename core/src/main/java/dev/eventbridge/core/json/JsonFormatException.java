package dev.eventbridge.core.json;

/** JSON that is well formed but does not describe a valid object; the message names the field. */
public class JsonFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public JsonFormatException(String message) {
        super(message);
    }
}
