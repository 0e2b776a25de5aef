package dev.parley.memcached.client;

import java.util.ArrayList;
import java.util.List;

/**
 * How an {@code ma} counts: immutable, each method returns a copy. The default increments by 1 and returns the new
 * value; {@code MetaArithmetic.incr(5).autoCreate(60, 10)} creates a missing counter at 10.
 */
public final class MetaArithmetic {

    private final boolean decrement;
    private final long delta;
    private final long createTtl;
    private final long initial;

    private MetaArithmetic(boolean decrement, long delta, long createTtl, long initial) {
        this.decrement = decrement;
        this.delta = delta;
        this.createTtl = createTtl;
        this.initial = initial;
    }

    /**
     * @param delta the amount, unsigned 64-bit (wraps)
     * @return an increment
     */
    public static MetaArithmetic incr(long delta) {
        return new MetaArithmetic(false, delta, -1, 0);
    }

    /**
     * @param delta the amount, unsigned 64-bit (stops at 0)
     * @return a decrement
     */
    public static MetaArithmetic decr(long delta) {
        return new MetaArithmetic(true, delta, -1, 0);
    }

    /**
     * @param ttl the time to live of a counter created on miss ({@code N})
     * @param initialValue its value ({@code J}), unsigned 64-bit
     * @return a copy that creates a missing counter
     */
    public MetaArithmetic autoCreate(long ttl, long initialValue) {
        return new MetaArithmetic(decrement, delta, MetaGet.nonNegative(ttl, "ttl"), initialValue);
    }

    List<String> tokens() {
        List<String> t = new ArrayList<>(5);
        if (decrement) {
            t.add("MD");
        }
        t.add("D" + Long.toUnsignedString(delta));
        if (createTtl >= 0) {
            t.add("N" + createTtl);
            t.add("J" + Long.toUnsignedString(initial));
        }
        t.add("v");
        return t;
    }
}
