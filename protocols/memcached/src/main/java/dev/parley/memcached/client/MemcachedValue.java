package dev.parley.memcached.client;

/**
 * One item as a retrieval command returned it.
 *
 * @param key the key, one char per byte (ISO-8859-1)
 * @param flags the client flags, an unsigned 32-bit number held in an {@code int}
 * @param value the data; owned by the caller
 * @param cas the cas unique ({@code gets}/{@code gats}), or 0 when the command does not return it
 */
public record MemcachedValue(String key, int flags, byte[] value, long cas) {

    /** @return the data decoded as UTF-8 */
    public String valueAsString() {
        return new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
