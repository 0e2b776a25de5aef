package dev.parley.memcached.store;

/**
 * Validates memcached keys under the default {@link KeyPolicy#STRICT strict} policy: 1 to {@value #MAX_LENGTH}
 * bytes, none of them a control character (0x00-0x1F, 0x7F) or a space. For memcached's own, more lenient rule use
 * {@link KeyPolicy#MEMCACHED_COMPATIBLE}.
 *
 * <p>The store takes keys as {@link String}s holding one char per wire byte, i.e. decoded with
 * ISO-8859-1, so that {@code key.length()} is the length in bytes and every byte sequence maps to exactly
 * one key. Chars above 0xFF therefore never appear in a valid key.
 */
public final class Keys {

    /** The longest key memcached accepts, in bytes: {@value}. */
    public static final int MAX_LENGTH = 250;

    private Keys() {
    }

    /**
     * Returns whether a key is valid under the strict policy.
     *
     * @param key the key, one char per byte
     * @return {@code true} if it may be stored
     */
    public static boolean isValid(CharSequence key) {
        return KeyPolicy.STRICT.isValid(key);
    }

    /**
     * Returns whether the bytes of a key, as read from the wire, are valid under the strict policy.
     *
     * @param bytes array holding the key
     * @param offset index of the key's first byte
     * @param length key length in bytes
     * @return {@code true} if it may be stored
     */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        return KeyPolicy.STRICT.isValid(bytes, offset, length);
    }

    /**
     * Checks a key under the strict policy, for callers that prefer an exception.
     *
     * @param key the key, one char per byte
     * @return the key
     * @throws IllegalArgumentException naming the problem if the key is not valid
     * @throws NullPointerException if the key is {@code null}
     */
    public static String validate(String key) {
        return KeyPolicy.STRICT.validate(key);
    }
}
