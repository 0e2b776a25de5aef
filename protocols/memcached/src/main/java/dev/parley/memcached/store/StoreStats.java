package dev.parley.memcached.store;

import java.util.function.ObjLongConsumer;

/**
 * An immutable snapshot of the store's statistics: the {@link StoreCounter} counters plus the
 * {@code curr_items}, {@code bytes} and {@code limit_maxbytes} gauges. Segments are read one after the
 * other, so under concurrent load the numbers are each exact but not taken at one single instant.
 */
public final class StoreStats {

    private final long[] counters;
    private final long currItems;
    private final long bytes;
    private final long limitMaxBytes;

    StoreStats(long[] counters, long currItems, long bytes, long limitMaxBytes) {
        this.counters = counters;
        this.currItems = currItems;
        this.bytes = bytes;
        this.limitMaxBytes = limitMaxBytes;
    }

    /**
     * Returns a counter.
     *
     * @param counter which counter
     * @return its value
     */
    public long get(StoreCounter counter) {
        return counters[counter.ordinal()];
    }

    /**
     * Returns the number of items held, including expired ones not yet reclaimed (as memcached does).
     *
     * @return {@code curr_items}
     */
    public long currItems() {
        return currItems;
    }

    /**
     * Returns the accounted bytes of the items held.
     *
     * @return {@code bytes}
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Returns the memory limit.
     *
     * @return {@code limit_maxbytes}
     */
    public long limitMaxBytes() {
        return limitMaxBytes;
    }

    /**
     * Returns these statistics with the counters counted from {@code earlier} on, as after memcached's
     * {@code stats reset}: each {@link StoreCounter} is this snapshot's value less {@code earlier}'s, while the gauges
     * ({@code curr_items}, {@code bytes}, {@code limit_maxbytes}) stay this snapshot's.
     *
     * @param earlier a snapshot of the same store taken before this one
     * @return a new snapshot
     */
    public StoreStats since(StoreStats earlier) {
        long[] counted = new long[counters.length];
        for (int i = 0; i < counted.length; i++) {
            counted[i] = counters[i] - earlier.counters[i];
        }
        return new StoreStats(counted, currItems, bytes, limitMaxBytes);
    }

    /**
     * Passes every statistic to {@code sink} as a memcached stat name and value: the gauges
     * {@code curr_items} and {@code bytes}, then each {@link StoreCounter} in order, then
     * {@code limit_maxbytes}.
     *
     * @param sink receives each name and value
     */
    public void forEach(ObjLongConsumer<String> sink) {
        sink.accept("curr_items", currItems);
        sink.accept("bytes", bytes);
        for (StoreCounter counter : StoreCounter.VALUES) {
            sink.accept(counter.statName(), counters[counter.ordinal()]);
        }
        sink.accept("limit_maxbytes", limitMaxBytes);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StoreStats(");
        forEach((name, value) -> text.append(name).append('=').append(value).append(", "));
        text.setLength(text.length() - 2);
        return text.append(')').toString();
    }
}
