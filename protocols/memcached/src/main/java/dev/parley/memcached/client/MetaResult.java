package dev.parley.memcached.client;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a meta command. Fields the request did not ask for keep their "absent" value.
 *
 * @param status the status code
 * @param key the key as sent (decoded from base64 when it was sent so), or {@code null} when not returned
 * @param value the data ({@code v}), owned by the caller, or {@code null}
 * @param flags the client flags ({@code f}), or 0
 * @param cas the cas unique ({@code c}), or 0
 * @param ttl the remaining time to live in seconds ({@code t}): -1 for no expiry; {@link #NO_TTL} when not returned
 * @param win {@code W}: this client won the right to recache the item (vivified miss, stale item, or recache)
 * @param stale {@code X}: the item is marked stale (invalidated)
 * @param alreadyWon {@code Z}: another client already won and has not yet recached
 * @param opaque the opaque token the reply carried ({@code O}, without the {@code O}), or {@code null}; the client
 *               sets one on each command of a quiet batch ({@link MemcachedClient#metaGetAll})
 */
public record MetaResult(MetaStatus status, String key, byte[] value, int flags, long cas, long ttl, boolean win,
        boolean stale, boolean alreadyWon, String opaque) {

    /** The {@link #ttl()} of a reply that did not return it. */
    public static final long NO_TTL = Long.MIN_VALUE;

    /** @return {@code true} for {@code VA} and {@code HD} */
    public boolean ok() {
        return status == MetaStatus.VALUE || status == MetaStatus.OK;
    }

    /** @return the data decoded as UTF-8, or {@code null} without data */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * The number an {@code ma} with the value returned.
     *
     * @return the value as an unsigned 64-bit number
     * @throws IllegalStateException when there is no value
     */
    public long valueAsLong() {
        if (value == null) {
            throw new IllegalStateException("no value (status " + status + ")");
        }
        return Long.parseUnsignedLong(new String(value, StandardCharsets.US_ASCII).trim());
    }
}
