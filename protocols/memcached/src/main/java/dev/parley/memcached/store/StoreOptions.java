package dev.parley.memcached.store;

import java.util.Objects;

/**
 * Immutable settings of an {@link ItemStore}: memory limit, item size limit, lock striping, key policy and clock.
 * Build one with {@link #builder()}; {@link #defaults()} matches a memcached started without options.
 */
public final class StoreOptions {

    /** Default {@link #memoryLimit()}: 64 MiB, memcached's default {@code -m 64}. */
    public static final long DEFAULT_MEMORY_LIMIT = 64L * 1024 * 1024;

    /** Default {@link #maxItemSize()}: 1 MiB, memcached's default {@code -I 1m}. */
    public static final int DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;

    /** Default {@link #segments()}: 16. */
    public static final int DEFAULT_SEGMENTS = 16;

    /** Default {@link #keyPolicy()}: {@link KeyPolicy#STRICT}, protocol.txt's rule. */
    public static final KeyPolicy DEFAULT_KEY_POLICY = KeyPolicy.STRICT;

    /** Default {@link #clock()}: {@link StoreClock#system()}. */
    public static final StoreClock DEFAULT_CLOCK = StoreClock.system();

    /** The most segments a store may have: {@value}. */
    public static final int MAX_SEGMENTS = 1024;

    private static final StoreOptions DEFAULTS = new Builder().build();

    private final long memoryLimit;
    private final int maxItemSize;
    private final int segments;
    private final KeyPolicy keyPolicy;
    private final StoreClock clock;

    private StoreOptions(Builder builder) {
        this.memoryLimit = builder.memoryLimit;
        this.maxItemSize = builder.maxItemSize;
        this.segments = builder.segments;
        this.keyPolicy = builder.keyPolicy;
        this.clock = builder.clock;
    }

    /**
     * Returns the default options.
     *
     * @return options with every {@code DEFAULT_*} value
     */
    public static StoreOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder preset with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder preset with these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .memoryLimit(memoryLimit)
                .maxItemSize(maxItemSize)
                .segments(segments)
                .keyPolicy(keyPolicy)
                .clock(clock);
    }

    /**
     * Returns the number of bytes all items together may take, counted as
     * {@link Item#sizeOf(int, long)}; storing beyond it evicts least recently used items.
     *
     * @return the memory limit in bytes
     */
    public long memoryLimit() {
        return memoryLimit;
    }

    /**
     * Returns the largest accounted size (key + value + {@link Item#OVERHEAD}) of one item; larger items
     * are rejected with {@link StoreResult#TOO_LARGE}.
     *
     * @return the item size limit in bytes
     */
    public int maxItemSize() {
        return maxItemSize;
    }

    /**
     * Returns the number of independently locked segments the keys are spread over. Each segment keeps
     * its own LRU order, so eviction is least recently used per segment, as memcached's is per slab class.
     *
     * @return the segment count, a power of two
     */
    public int segments() {
        return segments;
    }

    /**
     * Returns which bytes keys may hold; the store rejects other keys with {@link IllegalArgumentException}.
     *
     * @return the key policy
     */
    public KeyPolicy keyPolicy() {
        return keyPolicy;
    }

    /**
     * Returns the clock used for expiry and delayed flushes.
     *
     * @return the clock
     */
    public StoreClock clock() {
        return clock;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StoreOptions)) {
            return false;
        }
        StoreOptions other = (StoreOptions) o;
        return memoryLimit == other.memoryLimit
                && maxItemSize == other.maxItemSize
                && segments == other.segments
                && keyPolicy == other.keyPolicy
                && clock.equals(other.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memoryLimit, maxItemSize, segments, keyPolicy, clock);
    }

    @Override
    public String toString() {
        return "StoreOptions(memoryLimit=" + memoryLimit + ", maxItemSize=" + maxItemSize
                + ", segments=" + segments + ", keyPolicy=" + keyPolicy + ", clock=" + clock + ')';
    }

    /** Builds {@link StoreOptions}; every setter checks its own argument, {@link #build()} the combination. */
    public static final class Builder {
        private long memoryLimit = DEFAULT_MEMORY_LIMIT;
        private int maxItemSize = DEFAULT_MAX_ITEM_SIZE;
        private int segments = DEFAULT_SEGMENTS;
        private KeyPolicy keyPolicy = DEFAULT_KEY_POLICY;
        private StoreClock clock = DEFAULT_CLOCK;

        private Builder() {
        }

        /**
         * Sets the memory limit; default {@link #DEFAULT_MEMORY_LIMIT} (64 MiB).
         *
         * @param bytes the limit in bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes <= 0}
         */
        public Builder memoryLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memoryLimit: " + bytes + " (expected: > 0)");
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * Sets the largest accounted item size; default {@link #DEFAULT_MAX_ITEM_SIZE} (1 MiB).
         *
         * @param bytes the limit in bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not above {@link Item#OVERHEAD}
         */
        public Builder maxItemSize(int bytes) {
            if (bytes <= Item.OVERHEAD) {
                throw new IllegalArgumentException(
                        "maxItemSize: " + bytes + " (expected: > " + Item.OVERHEAD + ")");
            }
            this.maxItemSize = bytes;
            return this;
        }

        /**
         * Sets the number of lock segments; default {@link #DEFAULT_SEGMENTS} (16). Use 1 for exact,
         * store-wide LRU order.
         *
         * @param count a power of two, at most {@link #MAX_SEGMENTS}
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is not a power of two in 1-1024
         */
        public Builder segments(int count) {
            if (count < 1 || count > MAX_SEGMENTS || Integer.bitCount(count) != 1) {
                throw new IllegalArgumentException(
                        "segments: " + count + " (expected: a power of two in 1-" + MAX_SEGMENTS + ")");
            }
            this.segments = count;
            return this;
        }

        /**
         * Sets which bytes keys may hold; default {@link #DEFAULT_KEY_POLICY} ({@link KeyPolicy#STRICT}).
         *
         * @param policy the key policy
         * @return this builder
         */
        public Builder keyPolicy(KeyPolicy policy) {
            this.keyPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the clock; default {@link #DEFAULT_CLOCK} (the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(StoreClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalStateException if the item size limit exceeds the memory limit
         */
        public StoreOptions build() {
            if (maxItemSize > memoryLimit) {
                throw new IllegalStateException("maxItemSize: " + maxItemSize
                        + " (expected: <= memoryLimit " + memoryLimit + ")");
            }
            return new StoreOptions(this);
        }
    }
}
