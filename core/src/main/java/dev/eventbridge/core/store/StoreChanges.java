package dev.eventbridge.core.store;

/**
 * Changes any instance made to a shared store, as the store learns of them (PostgreSQL
 * LISTEN/NOTIFY). Calls come on the store's listener thread and must only signal. After the store
 * lost and regained its way of hearing, every method is called once, since changes may have gone
 * unheard.
 */
public interface StoreChanges {

    /** Events were committed to the log. */
    void eventsAppended();

    /** A subscription was created or deleted. */
    void subscriptionsChanged();

    /** A lease was released: its subscription may be free to take. */
    void leaseReleased();
}
