package dev.parley.memcached.client;

import java.util.ArrayList;
import java.util.List;

/**
 * How an {@code ms} stores: immutable, each method returns a copy. {@code MetaSet.options().mode(Mode.ADD).ttl(60)}.
 */
public final class MetaSet {

    /** The storage mode ({@code M}). */
    public enum Mode {
        /** Store unconditionally (the default). */
        SET("S"),
        /** Store only if absent. */
        ADD("E"),
        /** Store only if present. */
        REPLACE("R"),
        /** Add the data after the existing value. */
        APPEND("A"),
        /** Add the data before the existing value. */
        PREPEND("P");

        private final String token;

        Mode(String token) {
            this.token = token;
        }
    }

    private static final MetaSet NONE = new MetaSet(Mode.SET, -1, 0, 0, false, false);

    private final Mode mode;
    private final long ttl;
    private final int flags;
    private final long compareCas;
    private final boolean invalidate;
    private final boolean returnCas;

    private MetaSet(Mode mode, long ttl, int flags, long compareCas, boolean invalidate, boolean returnCas) {
        this.mode = mode;
        this.ttl = ttl;
        this.flags = flags;
        this.compareCas = compareCas;
        this.invalidate = invalidate;
        this.returnCas = returnCas;
    }

    /** @return a plain set: no expiry, flags 0 */
    public static MetaSet options() {
        return NONE;
    }

    /**
     * @param m the mode
     * @return a copy with that mode
     */
    public MetaSet mode(Mode m) {
        return new MetaSet(java.util.Objects.requireNonNull(m, "mode"), ttl, flags, compareCas, invalidate,
                returnCas);
    }

    /**
     * @param seconds the time to live ({@code T}), 0 for none
     * @return a copy with it
     */
    public MetaSet ttl(long seconds) {
        return new MetaSet(mode, MetaGet.nonNegative(seconds, "ttl"), flags, compareCas, invalidate, returnCas);
    }

    /**
     * @param clientFlags the client flags ({@code F}), unsigned 32-bit
     * @return a copy with them
     */
    public MetaSet flags(int clientFlags) {
        return new MetaSet(mode, ttl, clientFlags, compareCas, invalidate, returnCas);
    }

    /**
     * @param casUnique store only if the item's cas unique is this ({@code C}); non-zero
     * @return a copy with the compare
     */
    public MetaSet compareCas(long casUnique) {
        if (casUnique == 0) {
            throw new IllegalArgumentException("compareCas: 0 (expected: a cas unique read before)");
        }
        return new MetaSet(mode, ttl, flags, casUnique, invalidate, returnCas);
    }

    /** @return a copy with {@code I}: with a compare-cas older than the item's, store it marked stale instead */
    public MetaSet invalidate() {
        return new MetaSet(mode, ttl, flags, compareCas, true, returnCas);
    }

    /** @return a copy returning the new cas unique ({@code c}) */
    public MetaSet returnCas() {
        return new MetaSet(mode, ttl, flags, compareCas, invalidate, true);
    }

    List<String> tokens() {
        List<String> t = new ArrayList<>(6);
        if (mode != Mode.SET) {
            t.add("M" + mode.token);
        }
        if (ttl >= 0) {
            t.add("T" + ttl);
        }
        if (flags != 0) {
            t.add("F" + Integer.toUnsignedString(flags));
        }
        if (compareCas != 0) {
            t.add("C" + Long.toUnsignedString(compareCas));
        }
        if (invalidate) {
            t.add("I");
        }
        if (returnCas) {
            t.add("c");
        }
        return t;
    }
}
