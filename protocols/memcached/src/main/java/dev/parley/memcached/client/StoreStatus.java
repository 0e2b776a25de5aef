package dev.parley.memcached.client;

/** The answer to a storage command ({@code set add replace append prepend cas}). */
public enum StoreStatus {
    /** The item was stored. */
    STORED,
    /** The condition of {@code add}, {@code replace}, {@code append} or {@code prepend} was not met. */
    NOT_STORED,
    /** {@code cas}: the item changed since its cas unique was read. */
    EXISTS,
    /** {@code cas}: there is no such item. */
    NOT_FOUND
}
