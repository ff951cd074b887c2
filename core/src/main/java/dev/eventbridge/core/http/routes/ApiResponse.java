package dev.eventbridge.core.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * A response: a status and a JSON body, already written (empty for 204).
 */
public record ApiResponse(int status, byte[] body) {

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
}
