package dev.eventbridge.core.store;

/** An event the store cannot keep exactly as given; the message names the field, never its value. */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidEventException(String field, String problem) {
        super("field '" + field + "' " + problem);
        this.field = field;
    }

    /** The offending field: namespace, type, topic or reference. */
    public String field() {
        return field;
    }
}
