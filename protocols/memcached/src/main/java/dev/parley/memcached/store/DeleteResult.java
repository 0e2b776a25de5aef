package dev.parley.memcached.store;

/** Outcome of {@code delete}. */
public enum DeleteResult {
    /** The item was removed. */
    DELETED,
    /** No live item has that key. */
    NOT_FOUND
}
