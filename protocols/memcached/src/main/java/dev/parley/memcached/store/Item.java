package dev.parley.memcached.store;

import java.nio.charset.StandardCharsets;

/**
 * An immutable stored item: key, client flags, value bytes, cas unique and expiry (the store keeps its hash chain and
 * LRU position beside them, which no caller sees: the item is its own entry in {@link ItemTable}).
 *
 * <p>Items returned by the store are the store's own instances; the key and value arrays are shared and must not be
 * modified. Every change to an item (including {@code touch}) replaces it with a new instance.
 */
public final class Item {

    /**
     * Bytes charged per item in addition to its key and value when accounting memory, standing in for this
     * object's fields, its hash chain and LRU links and the key and value arrays' headers: {@value} bytes.
     */
    public static final int OVERHEAD = 48;

    /** {@link #expiresAtMillis()} of an item that never expires. */
    public static final long NEVER_EXPIRES = 0;

    /** The key, one byte per char (ISO-8859-1): a hit reads it where it compares it, with no String between. */
    private final byte[] key;
    /** {@link ItemTable#hash} of the key. */
    final int hash;
    private final int flags;
    private final byte[] value;
    private final long cas;
    private final long expiresAtMillis;
    /**
     * When the item was last stored, in the low 56 bits (epoch milliseconds, good for two million years), and its
     * meta protocol state ({@link #STALE}, {@link #WIN_TOKEN_SENT}, {@link #BINARY_KEY}; 0 for classic items) in
     * the top byte: packed so the meta state costs classic items no memory.
     */
    private final long updatedAndMeta;

    /**
     * When the store last moved this item to the most recently used end of its segment (epoch milliseconds); the
     * only mutable field, read and written under the segment lock only, and not part of the item's value.
     */
    long lruBumpedAtMillis;

    /** The next item in this one's hash bucket, and its LRU neighbours: {@link ItemTable}'s, under the segment lock. */
    Item nextInBucket;
    Item lruOlder;
    Item lruNewer;

    private static final long MILLIS_MASK = (1L << 56) - 1;

    /** Marked stale by a meta delete or set with {@code I}: still served, flagged {@code X}. */
    static final int STALE = 1;
    /** A meta get has handed out the win token ({@code W}); later ones answer {@code Z}. */
    static final int WIN_TOKEN_SENT = 2;
    /** Stored through a base64 ({@code b}) key: meta replies return the key base64 encoded. */
    static final int BINARY_KEY = 4;

    Item(String key, int flags, byte[] value, long cas, long expiresAtMillis, long updatedAtMillis) {
        this(key, flags, value, cas, expiresAtMillis, updatedAtMillis, 0);
    }

    Item(String key, int flags, byte[] value, long cas, long expiresAtMillis, long updatedAtMillis, int meta) {
        this(latin1(key), ItemTable.hash(key), flags, value, cas, expiresAtMillis, updatedAtMillis, meta);
    }

    private Item(byte[] key, int hash, int flags, byte[] value, long cas, long expiresAtMillis, long updatedAtMillis,
                 int meta) {
        this.key = key;
        this.hash = hash;
        this.flags = flags;
        this.value = value;
        this.cas = cas;
        this.expiresAtMillis = expiresAtMillis;
        this.updatedAndMeta = (updatedAtMillis & MILLIS_MASK) | ((long) (meta & 0xFF) << 56);
        this.lruBumpedAtMillis = updatedAtMillis;
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
     * Returns the key, as a new String.
     *
     * @return the key, one char per byte (ISO-8859-1)
     */
    public String key() {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the key's bytes, for writing them out; shared with the store and must not be modified.
     *
     * @return the key, one byte per char
     */
    public byte[] keyBytes() {
        return key;
    }

    /** @return the key's length in bytes (and chars) */
    public int keyLength() {
        return key.length;
    }

    /** Whether the key is {@code other}, compared char by byte. */
    boolean keyEquals(String other) {
        byte[] k = key;
        if (other.length() != k.length) {
            return false;
        }
        for (int i = 0; i < k.length; i++) {
            if (other.charAt(i) != (k[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the key is the first {@code length} bytes of {@code other}. */
    boolean keyEquals(byte[] other, int length) {
        return java.util.Arrays.equals(key, 0, key.length, other, 0, length);
    }

    /** Whether both items are under the same key. */
    boolean sameKey(Item other) {
        return hash == other.hash && java.util.Arrays.equals(key, other.key);
    }

    /** One byte per char; the store's keys come from the wire that way (or from base64, which decodes to bytes). */
    private static byte[] latin1(String key) {
        byte[] b = new byte[key.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) key.charAt(i);
        }
        return b;
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

    /**
     * Returns whether a meta command marked the item stale (memcached's {@code X}).
     *
     * @return true if stale
     */
    public boolean isStale() {
        return (meta() & STALE) != 0;
    }

    /**
     * Returns whether a meta get already handed out this item's win token (memcached's {@code W}, then {@code Z}).
     *
     * @return true once the token was sent
     */
    public boolean winTokenSent() {
        return (meta() & WIN_TOKEN_SENT) != 0;
    }

    /**
     * Returns whether the item was stored under a base64 ({@code b}) key by a meta command.
     *
     * @return true for a binary key
     */
    public boolean binaryKey() {
        return (meta() & BINARY_KEY) != 0;
    }

    int meta() {
        return (int) (updatedAndMeta >>> 56);
    }

    Item withMeta(int newMeta) {
        return newMeta == meta() ? this
                : new Item(key, hash, flags, value, cas, expiresAtMillis, updatedAtMillis(), newMeta);
    }

    long updatedAtMillis() {
        return updatedAndMeta & MILLIS_MASK;
    }

    long size() {
        return sizeOf(key.length, value.length);
    }

    boolean isExpiredAt(long nowMillis) {
        return Expiry.hasPassed(expiresAtMillis, nowMillis);
    }

    Item withExpiry(long newExpiresAtMillis) {
        return new Item(key, hash, flags, value, cas, newExpiresAtMillis, updatedAtMillis(), meta());
    }

    @Override
    public String toString() {
        return "Item(" + key() + ", flags=" + Integer.toUnsignedString(flags) + ", bytes=" + value.length
                + ", cas=" + Long.toUnsignedString(cas) + ", expiresAt=" + expiresAtMillis + ')';
    }
}
