package dev.parley.memcached.client;

import java.util.ArrayList;
import java.util.List;

/** How an {@code md} deletes: immutable, each method returns a copy. */
public final class MetaDelete {

    private static final MetaDelete NONE = new MetaDelete(0, false);

    private final long compareCas;
    private final boolean invalidate;

    private MetaDelete(long compareCas, boolean invalidate) {
        this.compareCas = compareCas;
        this.invalidate = invalidate;
    }

    /** @return a plain delete */
    public static MetaDelete options() {
        return NONE;
    }

    /**
     * @param casUnique delete only if the item's cas unique is this ({@code C}); non-zero
     * @return a copy with the compare
     */
    public MetaDelete compareCas(long casUnique) {
        if (casUnique == 0) {
            throw new IllegalArgumentException("compareCas: 0 (expected: a cas unique read before)");
        }
        return new MetaDelete(casUnique, invalidate);
    }

    /**
     * @return a copy with {@code I}: mark the item stale instead of removing it; the next {@code mg} sees {@code X}
     *         and wins ({@code W}) the recache, later ones see {@code Z}
     */
    public MetaDelete invalidate() {
        return new MetaDelete(compareCas, true);
    }

    List<String> tokens() {
        List<String> t = new ArrayList<>(2);
        if (compareCas != 0) {
            t.add("C" + Long.toUnsignedString(compareCas));
        }
        if (invalidate) {
            t.add("I");
        }
        return t;
    }
}
