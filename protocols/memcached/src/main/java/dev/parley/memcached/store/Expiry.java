package dev.parley.memcached.store;

/**
 * Converts memcached expiration times to absolute epoch milliseconds: 0 never expires, a negative value has
 * already expired, up to 30 days is seconds from now, anything larger is a Unix time in seconds.
 */
final class Expiry {

    /** The largest exptime that is read as an offset from now: 30 days in seconds. */
    static final long MAX_RELATIVE_SECONDS = 60L * 60 * 24 * 30;

    /** Absolute expiry of an item that expired before it was stored. */
    static final long ALREADY_EXPIRED = Long.MIN_VALUE;

    private Expiry() {
    }

    static long toAbsoluteMillis(long exptime, long nowMillis) {
        if (exptime == 0) {
            return Item.NEVER_EXPIRES;
        }
        if (exptime < 0) {
            return ALREADY_EXPIRED;
        }
        if (exptime <= MAX_RELATIVE_SECONDS) {
            return nowMillis + exptime * 1000;
        }
        return exptime > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : exptime * 1000;
    }

    static boolean hasPassed(long expiresAtMillis, long nowMillis) {
        return expiresAtMillis != Item.NEVER_EXPIRES && nowMillis >= expiresAtMillis;
    }
}
