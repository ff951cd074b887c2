package dev.eventbridge.core.http.routes;

import dev.eventbridge.api.subscription.InvalidOptionsException;
import dev.eventbridge.core.http.ApiException;
import dev.eventbridge.core.json.JsonFormatException;
import dev.eventbridge.core.log.EventLogBusyException;
import dev.eventbridge.core.store.DuplicateSubscriptionException;
import dev.eventbridge.core.store.InvalidEventException;
import dev.eventbridge.core.store.StoreDownException;
import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreRefusedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure into its documented status and JSON error: 4xx for bad input naming what is
 * wrong, 422 for data the store refused, 503 when the store or the log cannot take it now, 500
 * (logged with its stack) for anything unexpected.
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    public static ApiResponse toResponse(String method, String path, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof ApiException a) {
            return ApiResponse.error(a.status(), a.getMessage());
        }
        if (e instanceof JsonFormatException || e instanceof InvalidOptionsException || e instanceof InvalidEventException) {
            return ApiResponse.error(400, e.getMessage());
        }
        if (e instanceof DuplicateSubscriptionException) {
            return ApiResponse.error(409, e.getMessage());
        }
        if (e instanceof StoreRefusedException) {
            LOG.error("The store refused the data of {} {}: {}", method, path, e.getMessage());
            return ApiResponse.error(422, "the store refused this request's data: " + e.getMessage());
        }
        if (e instanceof EventLogBusyException) {
            LOG.warn("Refused {} {}: {}", method, path, e.getMessage());
            return ApiResponse.error(503, e.getMessage());
        }
        if (e instanceof StoreDownException) {
            LOG.debug("Refused {} {}: {}", method, path, e.getMessage()); // the store logged going down, once
            return ApiResponse.error(503, "the store is not available; retry later");
        }
        if (e instanceof StoreException) {
            LOG.error("Store failure serving {} {}: {}", method, path, e.getMessage());
            return ApiResponse.error(503, "the store is not available; retry later");
        }
        LOG.error("Unexpected failure serving {} {}", method, path, e);
        return ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
