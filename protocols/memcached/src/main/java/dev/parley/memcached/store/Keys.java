package dev.parley.memcached.store;

/**
 * Validates memcached keys: 1 to {@value #MAX_LENGTH} bytes, none of them a control character
 * (0x00-0x1F, 0x7F) or a space.
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
     * Returns whether a key is valid.
     *
     * @param key the key, one char per byte
     * @return {@code true} if it may be stored
     */
    public static boolean isValid(CharSequence key) {
        return key != null && problem(key) == null;
    }

    /**
     * Returns whether the bytes of a key, as read from the wire, are valid.
     *
     * @param bytes array holding the key
     * @param offset index of the key's first byte
     * @param length key length in bytes
     * @return {@code true} if it may be stored
     */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            if (!isKeyChar(bytes[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a key, for callers that prefer an exception.
     *
     * @param key the key, one char per byte
     * @return the key
     * @throws IllegalArgumentException naming the problem if the key is not valid
     * @throws NullPointerException if the key is {@code null}
     */
    public static String validate(String key) {
        if (key == null) {
            throw new NullPointerException("key");
        }
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return key;
    }

    private static String problem(CharSequence key) {
        int length = key.length();
        if (length < 1 || length > MAX_LENGTH) {
            return "key length: " + length + " (expected: 1-" + MAX_LENGTH + ")";
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (!isKeyChar(c)) {
                return "key char at index " + i + ": 0x" + Integer.toHexString(c)
                        + " (expected: 0x21-0x7e or 0x80-0xff)";
            }
        }
        return null;
    }

    private static boolean isKeyChar(int c) {
        return c > 0x20 && c != 0x7F && c <= 0xFF;
    }
}
