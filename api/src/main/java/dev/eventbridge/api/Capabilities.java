package dev.eventbridge.api;

/**
 * What a plugin supports.
 *
 * @param batchDelivery the plugin accepts {@link Plugin#deliveryBatchRequest} for subscriptions in
 *     batch mode
 */
public record Capabilities(boolean batchDelivery) {

    /** No optional features. */
    public static Capabilities none() {
        return new Capabilities(false);
    }
}
