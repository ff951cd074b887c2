package dev.eventbridge.core.store;

/**
 * Whether the store works now.
 *
 * @param up whether it reads and writes
 * @param detail {@code "ok"} when up; otherwise what fails, since when and why, for example
 *     {@code "writes failing since 2025-01-01T12:01:03Z: No space left on device"} (never a password)
 */
public record StoreHealth(boolean up, String detail) {

    /** Up, detail "ok". */
    public static final StoreHealth OK = new StoreHealth(true, "ok");

    public static StoreHealth down(String detail) {
        return new StoreHealth(false, detail);
    }
}
