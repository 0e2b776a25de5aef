package dev.parley.memcached;

/** Parses the numeric tokens of memcached command lines without exceptions on the common path. */
final class Numbers {

    /** Returned by the parsers for a malformed token. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final int MAX_INT64_DIGITS = 18;

    private Numbers() {
    }

    /** Returns the value of an unsigned 32-bit decimal token (client flags), or {@link #INVALID}. */
    static long uint32(String s) {
        int n = s.length();
        if (n == 0 || n > 10) {
            return INVALID;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            v = v * 10 + (c - '0');
        }
        return v <= MAX_UINT32 ? v : INVALID;
    }

    /**
     * Returns the value of a signed decimal token of at most 18 digits (expiration times, byte counts), or
     * {@link #INVALID}.
     */
    static long int64(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (n == i || n - i > MAX_INT64_DIGITS) {
            return INVALID;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            v = v * 10 + (c - '0');
        }
        return s.charAt(0) == '-' ? -v : v;
    }

    /** Returns whether a token is an unsigned 64-bit decimal number (a cas unique or a delta). */
    static boolean isUint64(String s) {
        try {
            dev.parley.memcached.store.UnsignedLongs.parseUnsigned64(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
