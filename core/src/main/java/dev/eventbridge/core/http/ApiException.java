package dev.eventbridge.core.http;

/** A request that cannot be served: becomes an HTTP status with a JSON error message. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
