package dev.parley.memcached.store;

/**
 * Outcome of a storage command ({@code set}, {@code add}, {@code replace}, {@code append},
 * {@code prepend}, {@code cas}), each with the reply line a memcached server sends for it.
 */
public enum StoreResult {
    /** The item was stored. */
    STORED("STORED"),
    /** The condition of {@code add}, {@code replace}, {@code append} or {@code prepend} was not met. */
    NOT_STORED("NOT_STORED"),
    /** {@code cas}: the item was modified since the client fetched its cas unique. */
    EXISTS("EXISTS"),
    /** {@code cas}: the item does not exist (or expired, or was flushed). */
    NOT_FOUND("NOT_FOUND"),
    /** The item, with key and overhead, is larger than {@link StoreOptions#maxItemSize()}. */
    TOO_LARGE("SERVER_ERROR object too large for cache"),
    /** The item could not be given memory even after evicting everything that could be evicted. */
    OUT_OF_MEMORY("SERVER_ERROR out of memory storing object");

    private final String reply;

    StoreResult(String reply) {
        this.reply = reply;
    }

    /**
     * Returns the reply line for this outcome, without the line terminator.
     *
     * @return the reply line, e.g. {@code STORED}
     */
    public String reply() {
        return reply;
    }
}
