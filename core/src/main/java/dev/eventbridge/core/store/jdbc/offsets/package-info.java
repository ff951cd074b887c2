/** Committed offsets: where an offset commit is written, fenced by the committer's lease when instances share the store. */
package dev.eventbridge.core.store.jdbc.offsets;
