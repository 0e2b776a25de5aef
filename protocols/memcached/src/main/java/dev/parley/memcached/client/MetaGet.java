package dev.parley.memcached.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What an {@code mg} asks for: immutable, each method returns a copy. {@code MetaGet.options().value().cas()}
 * returns the data and cas unique; {@link #vivify} and {@link #recache} are memcached's stale-while-revalidate.
 */
public final class MetaGet {

    private static final MetaGet NONE = new MetaGet(false, false, false, false, -1, -1, -1);

    private final boolean value;
    private final boolean cas;
    private final boolean flags;
    private final boolean ttl;
    private final long touch;
    private final long vivify;
    private final long recache;

    private MetaGet(boolean value, boolean cas, boolean flags, boolean ttl, long touch, long vivify, long recache) {
        this.value = value;
        this.cas = cas;
        this.flags = flags;
        this.ttl = ttl;
        this.touch = touch;
        this.vivify = vivify;
        this.recache = recache;
    }

    /** @return options asking for nothing but hit or miss */
    public static MetaGet options() {
        return NONE;
    }

    /** @return a copy returning the data ({@code v}) */
    public MetaGet value() {
        return new MetaGet(true, cas, flags, ttl, touch, vivify, recache);
    }

    /** @return a copy returning the cas unique ({@code c}) */
    public MetaGet cas() {
        return new MetaGet(value, true, flags, ttl, touch, vivify, recache);
    }

    /** @return a copy returning the client flags ({@code f}) */
    public MetaGet flags() {
        return new MetaGet(value, cas, true, ttl, touch, vivify, recache);
    }

    /** @return a copy returning the remaining time to live ({@code t}) */
    public MetaGet ttl() {
        return new MetaGet(value, cas, flags, true, touch, vivify, recache);
    }

    /**
     * @param seconds the new time to live of a hit ({@code T})
     * @return a copy that touches
     */
    public MetaGet touch(long seconds) {
        return new MetaGet(value, cas, flags, ttl, nonNegative(seconds, "touch"), vivify, recache);
    }

    /**
     * @param seconds the time to live of the empty item a miss creates ({@code N}); the first miss wins ({@code W})
     * @return a copy that vivifies on miss
     */
    public MetaGet vivify(long seconds) {
        return new MetaGet(value, cas, flags, ttl, touch, nonNegative(seconds, "vivify"), recache);
    }

    /**
     * @param seconds win the right to recache when the remaining time to live is below this ({@code R})
     * @return a copy that may win a recache
     */
    public MetaGet recache(long seconds) {
        return new MetaGet(value, cas, flags, ttl, touch, vivify, nonNegative(seconds, "recache"));
    }

    /** @return {@code true} when the command may change the item (touch, vivify), so it is not retried as a query */
    boolean mutates() {
        return touch >= 0 || vivify >= 0 || recache >= 0;
    }

    List<String> tokens() {
        List<String> t = new ArrayList<>(8);
        if (value) {
            t.add("v");
        }
        if (cas) {
            t.add("c");
        }
        if (flags) {
            t.add("f");
        }
        if (ttl) {
            t.add("t");
        }
        if (touch >= 0) {
            t.add("T" + touch);
        }
        if (vivify >= 0) {
            t.add("N" + vivify);
        }
        if (recache >= 0) {
            t.add("R" + recache);
        }
        return t;
    }

    static long nonNegative(long n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + ": " + n + " (expected: >= 0)");
        }
        return n;
    }
}
