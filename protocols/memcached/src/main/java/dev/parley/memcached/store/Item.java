package dev.parley.memcached.store;

/**
 * An immutable stored item: key, client flags, value bytes, cas unique and expiry.
 *
 * <p>Items returned by the store are the store's own instances; the value array is shared and must not be
 * modified. Every change to an item (including {@code touch}) replaces it with a new instance.
 */
public final class Item {

    /**
     * Bytes charged per item in addition to its key and value when accounting memory, standing in for the
     * map entry, LRU links and this object's fields: {@value} bytes.
     */
    public static final int OVERHEAD = 48;

    /** {@link #expiresAtMillis()} of an item that never expires. */
    public static final long NEVER_EXPIRES = 0;

    private final String key;
    private final int flags;
    private final byte[] value;
    private final long cas;
    private final long expiresAtMillis;
    private final long updatedAtMillis;

    Item(String key, int flags, byte[] value, long cas, long expiresAtMillis, long updatedAtMillis) {
        this.key = key;
        this.flags = flags;
        this.value = value;
        this.cas = cas;
        this.expiresAtMillis = expiresAtMillis;
        this.updatedAtMillis = updatedAtMillis;
    }

    /**
     * Returns the accounted size of an item with the given key and value lengths.
     *
     * @param keyLength key length in bytes
     * @param valueLength value length in bytes
     * @return {@code keyLength + valueLength + }{@link #OVERHEAD}
     */
    public static long sizeOf(int keyLength, long valueLength) {
        return OVERHEAD + keyLength + valueLength;
    }

    /**
     * Returns the key.
     *
     * @return the key, one char per byte (ISO-8859-1)
     */
    public String key() {
        return key;
    }

    /**
     * Returns the client flags, an opaque unsigned 32-bit number held in an {@code int}
     * (use {@link Integer#toUnsignedString(int)} to print it).
     *
     * @return the flags
     */
    public int flags() {
        return flags;
    }

    /**
     * Returns the value bytes. The array is shared with the store and must not be modified.
     *
     * @return the value
     */
    public byte[] value() {
        return value;
    }

    /**
     * Returns the cas unique: a 64-bit number, unique per modification, that {@code cas} compares.
     *
     * @return the cas unique
     */
    public long cas() {
        return cas;
    }

    /**
     * Returns when the item expires.
     *
     * @return epoch milliseconds at which the item stops being retrievable, or {@link #NEVER_EXPIRES}
     */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    long updatedAtMillis() {
        return updatedAtMillis;
    }

    long size() {
        return sizeOf(key.length(), value.length);
    }

    boolean isExpiredAt(long nowMillis) {
        return Expiry.hasPassed(expiresAtMillis, nowMillis);
    }

    Item withExpiry(long newExpiresAtMillis) {
        return new Item(key, flags, value, cas, newExpiresAtMillis, updatedAtMillis);
    }

    @Override
    public String toString() {
        return "Item(" + key + ", flags=" + Integer.toUnsignedString(flags) + ", bytes=" + value.length
                + ", cas=" + Long.toUnsignedString(cas) + ", expiresAt=" + expiresAtMillis + ')';
    }
}
