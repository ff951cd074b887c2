package dev.eventbridge.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbridge.api.subscription.FirstEvent;
import dev.eventbridge.api.subscription.RetryPolicy;
import dev.eventbridge.api.subscription.Subscription;
import dev.eventbridge.api.subscription.SubscriptionFilter;
import dev.eventbridge.api.subscription.SubscriptionOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The JSON form of subscriptions, their filters and options, as the HTTP API and the store use it. */
public final class SubscriptionJson {

    /** What a client asks for when creating a subscription. */
    public record Request(String namespace, String name, String transport, SubscriptionFilter filter,
                          SubscriptionOptions options) {
    }

    private static final Set<String> REQUEST_FIELDS = Set.of("namespace", "name", "transport", "filter", "options");
    private static final Set<String> FILTER_FIELDS = Set.of("type", "topic", "reference");
    private static final Set<String> OPTION_FIELDS = Set.of("firstEvent", "readAhead", "withData", "batch", "batchSize",
            "batchTimeout", "plugin", "retry");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "initialBackoff", "multiplier", "maxBackoff");

    private SubscriptionJson() {
    }

    public static Request requestFromApi(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new JsonFormatException("a subscription must be a JSON object");
        }
        Json.onlyFields(node, "subscription", REQUEST_FIELDS);
        String namespace = Json.text(node, "namespace", 64);
        return new Request(namespace == null ? "default" : namespace, Json.text(node, "name", 64),
                Json.text(node, "transport", 64), filterFromJson(node.get("filter")), optionsFromJson(node.get("options")));
    }

    public static SubscriptionFilter filterFromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return SubscriptionFilter.ALL;
        }
        if (!node.isObject()) {
            throw new JsonFormatException("field 'filter' must be an object");
        }
        Json.onlyFields(node, "filter", FILTER_FIELDS);
        return new SubscriptionFilter(Json.text(node, "type", 1024), Json.text(node, "topic", 1024),
                Json.text(node, "reference", 1024));
    }

    public static SubscriptionOptions optionsFromJson(JsonNode node) {
        SubscriptionOptions options = SubscriptionOptions.defaults();
        if (node == null || node.isNull()) {
            return options;
        }
        if (!node.isObject()) {
            throw new JsonFormatException("field 'options' must be an object");
        }
        Json.onlyFields(node, "options", OPTION_FIELDS);
        try {
            JsonNode first = node.get("firstEvent");
            if (first != null && !first.isNull()) {
                if (!first.isTextual() && !first.isIntegralNumber()) {
                    throw new JsonFormatException("option 'firstEvent' must be \"oldest\", \"newest\" or a sequence number");
                }
                options = options.withFirstEvent(FirstEvent.parse(first.asText()));
            }
            if (node.has("readAhead")) {
                options = options.withReadAhead(intField(node, "readAhead"));
            }
            if (node.has("withData")) {
                options = options.withData(boolField(node, "withData"));
            }
            boolean batch = node.has("batch") ? boolField(node, "batch") : options.batch();
            int batchSize = node.has("batchSize") ? intField(node, "batchSize") : options.batchSize();
            Duration batchTimeout = options.batchTimeout();
            if (node.hasNonNull("batchTimeout")) {
                batchTimeout = parseDuration("batchTimeout", Json.text(node, "batchTimeout", 32));
            }
            options = options.withBatch(batch, batchSize, batchTimeout);
            JsonNode plugin = node.get("plugin");
            if (plugin != null && !plugin.isNull()) {
                if (!plugin.isObject()) {
                    throw new JsonFormatException("option 'plugin' must be an object of string values");
                }
                Map<String, String> values = new LinkedHashMap<>();
                plugin.fields().forEachRemaining(e -> {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw new JsonFormatException("plugin option '" + e.getKey() + "' must be a string, number or boolean");
                    }
                    values.put(e.getKey(), e.getValue().asText());
                });
                options = options.withPlugin(values);
            }
            JsonNode retry = node.get("retry");
            if (retry != null && !retry.isNull()) {
                if (!retry.isObject()) {
                    throw new JsonFormatException("option 'retry' must be an object");
                }
                Json.onlyFields(retry, "retry", RETRY_FIELDS);
                RetryPolicy r = options.retry();
                JsonNode multiplier = retry.get("multiplier");
                if (multiplier != null && !multiplier.isNumber()) {
                    throw new JsonFormatException("option 'retry.multiplier' must be a number");
                }
                options = options.withRetry(new RetryPolicy(retry.has("maxAttempts") ? intField(retry, "maxAttempts") : r.maxAttempts(),
                        retry.hasNonNull("initialBackoff") ? parseDuration("retry.initialBackoff", Json.text(retry, "initialBackoff", 32)) : r.initialBackoff(),
                        multiplier != null ? multiplier.doubleValue() : r.multiplier(),
                        retry.hasNonNull("maxBackoff") ? parseDuration("retry.maxBackoff", Json.text(retry, "maxBackoff", 32)) : r.maxBackoff()));
            }
        } catch (JsonFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonFormatException(e.getMessage());
        }
        return options;
    }

    private static Duration parseDuration(String option, String text) {
        try {
            return text.toUpperCase(java.util.Locale.ROOT).startsWith("P") ? Duration.parse(text)
                    : text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
                    : text.endsWith("s") ? Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)))
                    : Duration.ofMillis(Long.parseLong(text));
        } catch (RuntimeException e) {
            throw new JsonFormatException("option '" + option + "' must be a duration like 50ms, 2s or PT2S, was '" + text + "'");
        }
    }

    private static int intField(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (!v.isInt()) {
            throw new JsonFormatException("option '" + field + "' must be an integer");
        }
        return v.intValue();
    }

    private static boolean boolField(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw new JsonFormatException("option '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    public static ObjectNode filterToJson(SubscriptionFilter filter) {
        ObjectNode node = Json.object();
        node.put("type", filter.type());
        node.put("topic", filter.topic());
        node.put("reference", filter.reference());
        return node;
    }

    public static ObjectNode optionsToJson(SubscriptionOptions options) {
        ObjectNode node = Json.object();
        node.put("firstEvent", options.firstEvent().toString());
        node.put("readAhead", options.readAhead());
        node.put("withData", options.withData());
        node.put("batch", options.batch());
        node.put("batchSize", options.batchSize());
        node.put("batchTimeout", options.batchTimeout().toMillis() + "ms");
        ObjectNode plugin = node.putObject("plugin");
        options.plugin().forEach(plugin::put);
        ObjectNode retry = node.putObject("retry");
        retry.put("maxAttempts", options.retry().maxAttempts());
        retry.put("initialBackoff", options.retry().initialBackoff().toMillis() + "ms");
        retry.put("multiplier", options.retry().multiplier());
        retry.put("maxBackoff", options.retry().maxBackoff().toMillis() + "ms");
        return node;
    }

    public static ObjectNode toJson(Subscription s) {
        ObjectNode node = Json.object();
        node.put("id", s.ref().id().toString());
        node.put("namespace", s.ref().namespace());
        node.put("name", s.ref().name());
        node.put("transport", s.transport());
        node.put("ephemeral", s.ephemeral());
        node.put("created", s.created().toString());
        node.set("filter", filterToJson(s.filter()));
        node.set("options", optionsToJson(s.options()));
        return node;
    }
}
