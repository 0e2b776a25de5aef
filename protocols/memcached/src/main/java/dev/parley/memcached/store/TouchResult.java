package dev.parley.memcached.store;

/** Outcome of {@code touch}. */
public enum TouchResult {
    /** The item's expiration time was replaced. */
    TOUCHED,
    /** No live item has that key. */
    NOT_FOUND
}
