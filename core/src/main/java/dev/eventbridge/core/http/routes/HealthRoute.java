package dev.eventbridge.core.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.api.ConnectionHealth;
import dev.eventbridge.api.Plugin;
import dev.eventbridge.core.engine.Engine;
import dev.eventbridge.core.json.Json;
import dev.eventbridge.core.store.StoreHealth;
import java.util.Map;

/**
 * {@code GET /health}: the store and each plugin connection, up or down with why, and the overall
 * status: DOWN while the store fails (publishes get 503; reads go on where it can still read),
 * DEGRADED while a connection is down, else UP. Always 200: the body says which.
 */
final class HealthRoute {

    private final Engine engine;

    HealthRoute(Engine engine) {
        this.engine = engine;
    }

    ApiResponse health() {
        ObjectNode node = Json.object();
        StoreHealth store = engine.storeHealth();
        ObjectNode storeNode = node.putObject("store");
        storeNode.put("up", store.up());
        storeNode.put("detail", store.detail());
        boolean allUp = true;
        ObjectNode plugins = node.putObject("plugins");
        for (Map.Entry<String, Plugin> p : engine.plugins().entrySet()) {
            ObjectNode conns = plugins.putObject(p.getKey());
            Map<String, ConnectionHealth> health;
            try {
                health = p.getValue().health();
            } catch (RuntimeException e) {
                health = Map.of(p.getKey(), new ConnectionHealth(false, "health check failed: " + e.getClass().getSimpleName()));
            }
            for (Map.Entry<String, ConnectionHealth> c : health.entrySet()) {
                ObjectNode h = conns.putObject(c.getKey());
                h.put("up", c.getValue().up());
                h.put("detail", c.getValue().detail());
                allUp &= c.getValue().up();
            }
        }
        ArrayNode conns = node.putArray("connections");
        engine.connectionIds().forEach(conns::add);
        node.put("status", !store.up() ? "DOWN" : allUp ? "UP" : "DEGRADED");
        return ApiResponse.json(200, node);
    }
}
