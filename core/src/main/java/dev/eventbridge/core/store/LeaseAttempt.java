package dev.eventbridge.core.store;

import java.time.Duration;

/**
 * The outcome of trying to take a lease: the token if taken, else how long the current holder's
 * lease still runs by the store's clock (try again then).
 */
public record LeaseAttempt(LeaseToken token, Duration heldByAnotherFor) {

    public static LeaseAttempt taken(LeaseToken token) {
        return new LeaseAttempt(token, Duration.ZERO);
    }

    public static LeaseAttempt refused(Duration remaining) {
        return new LeaseAttempt(null, remaining.isNegative() ? Duration.ZERO : remaining);
    }

    public boolean taken() {
        return token != null;
    }
}
