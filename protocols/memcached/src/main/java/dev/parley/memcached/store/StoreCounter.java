package dev.parley.memcached.store;

/**
 * The cumulative counters of the general {@code stats} command that the store keeps, in memcached's
 * output order, each with its stat name.
 */
public enum StoreCounter {
    /** Keys looked up by {@code get}/{@code gets}. */
    CMD_GET("cmd_get"),
    /** Storage commands received, whatever their outcome. */
    CMD_SET("cmd_set"),
    /** {@code flush_all} commands. */
    CMD_FLUSH("cmd_flush"),
    /** Keys looked up by {@code touch}, {@code gat} and {@code gats}. */
    CMD_TOUCH("cmd_touch"),
    /** {@code get}/{@code gets} keys found. */
    GET_HITS("get_hits"),
    /** {@code get}/{@code gets} keys not found, including expired and flushed ones. */
    GET_MISSES("get_misses"),
    /** {@code get}/{@code gets} keys found but expired. */
    GET_EXPIRED("get_expired"),
    /** {@code get}/{@code gets} keys found but invalidated by {@code flush_all}. */
    GET_FLUSHED("get_flushed"),
    /** {@code delete} of a missing key. */
    DELETE_MISSES("delete_misses"),
    /** {@code delete} that removed an item. */
    DELETE_HITS("delete_hits"),
    /** {@code incr} of a missing key. */
    INCR_MISSES("incr_misses"),
    /** {@code incr} that changed a value. */
    INCR_HITS("incr_hits"),
    /** {@code decr} of a missing key. */
    DECR_MISSES("decr_misses"),
    /** {@code decr} that changed a value. */
    DECR_HITS("decr_hits"),
    /** {@code cas} of a missing key. */
    CAS_MISSES("cas_misses"),
    /** {@code cas} that stored. */
    CAS_HITS("cas_hits"),
    /** {@code cas} with a stale cas unique. */
    CAS_BADVAL("cas_badval"),
    /** {@code touch}/{@code gat}/{@code gats} keys found. */
    TOUCH_HITS("touch_hits"),
    /** {@code touch}/{@code gat}/{@code gats} keys not found. */
    TOUCH_MISSES("touch_misses"),
    /** Items stored since the store was created. */
    TOTAL_ITEMS("total_items"),
    /** Live items removed to make room for new ones. */
    EVICTIONS("evictions"),
    /** Expired or flushed items removed to make room for new ones. */
    RECLAIMED("reclaimed");

    static final StoreCounter[] VALUES = values();
    static final int COUNT = VALUES.length;

    private final String statName;

    StoreCounter(String statName) {
        this.statName = statName;
    }

    /**
     * Returns the name memcached gives this counter in {@code stats} output.
     *
     * @return the stat name, e.g. {@code get_hits}
     */
    public String statName() {
        return statName;
    }
}
