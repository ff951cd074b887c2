package dev.eventbridge.core.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A response: a status and a JSON body (empty for 204). The body may be written late, by the
 * server's thread when it sends the response: a publish's stage completes on the event log's
 * writer thread, which must not spend its time writing JSON.
 */
public final class ApiResponse {

    private static final String JSON = "application/json";

    private final int status;
    private final String contentType;
    private Supplier<byte[]> writer;
    private byte[] body;

    public ApiResponse(int status, byte[] body) {
        this(status, JSON, body);
    }

    /** A response with a body of another media type than JSON. */
    public ApiResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    private ApiResponse(int status, Supplier<byte[]> writer) {
        this.status = status;
        this.contentType = JSON;
        this.writer = writer;
    }

    /** A response whose body {@code writer} writes when the response is sent. */
    public static ApiResponse later(int status, Supplier<byte[]> writer) {
        return new ApiResponse(status, writer);
    }

    public static ApiResponse json(int status, JsonNode node) {
        return new ApiResponse(status, Json.write(node).getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, new byte[0]);
    }

    /** The documented error form: {@code {"error": "..."}}. */
    public static ApiResponse error(int status, String message) {
        ObjectNode node = Json.object();
        node.put("error", message);
        return json(status, node);
    }

    public int status() {
        return status;
    }

    /** The body's media type: {@code application/json} unless made otherwise. */
    public String contentType() {
        return contentType;
    }

    /** The body, written now if it was deferred; call from one thread. */
    public byte[] body() {
        if (body == null) {
            body = writer.get();
            writer = null;
        }
        return body;
    }
}
