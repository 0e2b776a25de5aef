package dev.parley.memcached;

/**
 * Parses the numeric tokens of memcached command lines as memcached 1.6 does (its {@code safe_strtoull} and
 * {@code safe_strtol} over C's {@code strtoull}/{@code strtol} on a 64-bit platform), without exceptions:
 * <ul>
 *   <li>leading white space (other than the spaces that split tokens: tab, CR, VT, FF) is skipped, then an optional
 *       {@code +} or {@code -}, then at least one digit; the token may end after the digits or go on after a white
 *       space byte;</li>
 *   <li>{@link #uint64}: cas uniques, {@code incr}/{@code decr} deltas, client flags and the {@code verbosity}
 *       level. Up to 2^64 - 1; a {@code -} is accepted only when the result, read as signed, is not negative
 *       ({@code -0}), as memcached;</li>
 *   <li>{@link #int32}: expiration times. Any signed 64-bit number, then cut to its low 32 bits as memcached stores
 *       it in an {@code int32_t}: {@code 2147483648} becomes a negative exptime, which expires the item at once.</li>
 * </ul>
 * Client flags are the low 32 bits of {@link #uint64}: memcached 1.6 stores {@code 4294967296} as {@code 0}.
 */
final class Numbers {

    /** Returned by {@link #int32}, {@link #int64} and {@link #uint32} for a malformed token. */
    static final long INVALID = Long.MIN_VALUE;

    private Numbers() {
    }

    /** Returns whether a token parses as an unsigned 64-bit number by memcached's rules (see the class). */
    static boolean isUint64(String s) {
        return plainDigits(s) >= 0 || parse(s, true) != null;
    }

    /**
     * Returns the value of an unsigned 64-bit token by memcached's rules.
     *
     * @throws NumberFormatException if it is not one; check with {@link #isUint64} first on hot paths
     */
    static long uint64(String s) {
        long plain = plainDigits(s);
        if (plain >= 0) {
            return plain;
        }
        long[] v = parse(s, true);
        if (v == null) {
            throw new NumberFormatException(s);
        }
        return v[0];
    }

    /** Returns client flags as memcached 1.6 keeps them (the low 32 bits), or {@link #INVALID}. */
    static long flags(String s) {
        long plain = plainDigits(s);
        if (plain >= 0) {
            return plain & 0xFFFF_FFFFL;
        }
        long[] v = parse(s, true);
        return v == null ? INVALID : v[0] & 0xFFFF_FFFFL;
    }

    /** Returns an expiration time as memcached 1.6 keeps it (signed 64-bit, cut to 32 bits), or {@link #INVALID}. */
    static long int32(String s) {
        long plain = plainDigits(s);
        if (plain >= 0) {
            return (int) plain;
        }
        long[] v = parse(s, false);
        return v == null ? INVALID : (int) v[0];
    }

    /** Returns a signed 64-bit token by memcached's rules ({@code strtol}), or {@link #INVALID}. */
    static long int64(String s) {
        long plain = plainDigits(s);
        if (plain >= 0) {
            return plain;
        }
        long[] v = parse(s, false);
        return v == null ? INVALID : v[0];
    }

    /** Returns an unsigned 32-bit token by memcached's rules ({@code strtoul}, no truncation), or {@link #INVALID}. */
    static long uint32(String s) {
        if (!isUint64(s)) {
            return INVALID;
        }
        long v = uint64(s);
        return Long.compareUnsigned(v, 0xFFFF_FFFFL) > 0 ? INVALID : v;
    }

    /** Returns the value of 1 to 18 plain digits (the common case, without allocation), else -1. */
    private static long plainDigits(String s) {
        int n = s.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Returns {@code {value}}, or {@code null} if the token is malformed or out of range. */
    private static long[] parse(String s, boolean unsigned) {
        int n = s.length();
        int i = 0;
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long magnitude = 0;
        boolean overflow = false;
        for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int d = s.charAt(i) - '0';
            // magnitude * 10 + d > 2^64 - 1 (unsigned)?
            if (Long.compareUnsigned(magnitude, Long.divideUnsigned(-1L - d, 10)) > 0) {
                overflow = true;
            }
            magnitude = magnitude * 10 + d;
        }
        if (i == digitsStart || i < n && !isSpace(s.charAt(i)) || overflow) {
            return null;
        }
        if (unsigned) {
            long value = negative ? -magnitude : magnitude;
            return negative && value < 0 ? null : new long[] {value};
        }
        // strtol: ERANGE outside [-2^63, 2^63 - 1]
        if (negative ? Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0 : magnitude < 0) {
            return null;
        }
        return new long[] {negative ? -magnitude : magnitude};
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
