/** Events a subscription gave up on. */
package dev.eventbridge.core.store.jdbc.deadletters;
