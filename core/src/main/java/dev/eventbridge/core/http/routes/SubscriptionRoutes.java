package dev.eventbridge.core.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.http.ApiException;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.json.SubscriptionJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Creating, reading and deleting subscriptions, their offsets and dead letters. */
final class SubscriptionRoutes {

    private final Engine engine;

    SubscriptionRoutes(Engine engine) {
        this.engine = engine;
    }

    ApiResponse create(byte[] body) throws InvalidOptionsException {
        if (body.length == 0) {
            throw new ApiException(400, "request body is empty; send JSON");
        }
        SubscriptionJson.Request r = SubscriptionJson.requestFromApi(Json.parse(new String(body, StandardCharsets.UTF_8)));
        Subscription s = engine.createSubscription(r.namespace(), r.name(), r.transport(), r.filter(), r.options());
        return ApiResponse.json(201, toJson(s));
    }

    ApiResponse list() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        engine.subscriptions().forEach(s -> list.add(toJson(s)));
        return ApiResponse.json(200, list);
    }

    ApiResponse get(UUID id) {
        return ApiResponse.json(200, toJson(find(id)));
    }

    ApiResponse delete(UUID id) {
        if (!engine.deleteSubscription(id)) {
            throw new ApiException(404, "no durable subscription with id " + id);
        }
        return ApiResponse.noContent();
    }

    ApiResponse deadLetters(UUID id, Map<String, String> query) {
        find(id);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (var d : engine.deadLetters(id, (int) Routes.longParam(query, "limit", 100, 1, 1000))) {
            ObjectNode n = list.addObject();
            n.put("sequence", d.sequence());
            n.put("eventId", d.eventId().toString());
            n.put("attempts", d.attempts());
            n.put("reason", d.reason());
            n.put("time", d.time().toString());
        }
        return ApiResponse.json(200, list);
    }

    ApiResponse offset(UUID id) {
        long committed = engine.committedOffset(id).orElseThrow(() -> new ApiException(404, "no subscription with id " + id));
        ObjectNode node = Json.object();
        node.put("subscription", id.toString());
        node.put("committed", committed);
        node.put("inFlight", engine.inFlight(id));
        return ApiResponse.json(200, node);
    }

    private Subscription find(UUID id) {
        return engine.subscription(id).orElseThrow(() -> new ApiException(404, "no subscription with id " + id));
    }

    /** The subscription, the connection serving it (null while none does), and its delivery status. */
    private ObjectNode toJson(Subscription s) {
        ObjectNode node = SubscriptionJson.toJson(s);
        engine.activeConnection(s.ref().id()).ifPresentOrElse(c -> node.put("connection", c), () -> node.putNull("connection"));
        engine.status(s.ref().id()).ifPresent(st -> {
            ObjectNode status = node.putObject("status");
            status.put("committed", st.committed());
            status.put("head", st.head());
            status.put("lag", st.lag());
            status.put("inFlight", st.inFlight());
            status.put("deliveries", st.deliveries());
            status.put("acks", st.acks());
            status.put("rejects", st.rejects());
            status.put("deadLetters", st.deadLetters());
            status.put("acksPerSecond", Math.round(st.ackRate() * 10) / 10.0);
            if (st.lastError() == null) {
                status.putNull("lastError");
            } else {
                ObjectNode error = status.putObject("lastError");
                error.put("reason", st.lastError());
                error.put("time", st.lastErrorTime().toString());
            }
        });
        return node;
    }
}
