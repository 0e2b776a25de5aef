package dev.parley.memcached.store;

import java.util.Locale;

/**
 * Which bytes a memcached key may hold. Every policy limits keys to 1 to {@link Keys#MAX_LENGTH} bytes; they differ
 * in the bytes they allow:
 * <ul>
 *   <li>{@link #STRICT} (the default): what protocol.txt specifies, "the key must not include control characters
 *       or whitespace": no byte 0x00-0x20 or 0x7F.</li>
 *   <li>{@link #MEMCACHED_COMPATIBLE}: what memcached 1.6 actually accepts. Its tokenizer splits the command line
 *       at spaces and the line ends at LF (a CR before it removed), so any other byte can be part of a key; NUL is
 *       refused too, since memcached handles keys as C strings in places. Load generators such as memcaslap send
 *       keys starting with control bytes (eight 0x10 bytes) and need this policy.</li>
 * </ul>
 *
 * <p>Keys are {@link String}s holding one char per wire byte (decoded as ISO-8859-1), so chars above 0xFF never
 * appear in a valid key under any policy.
 *
 * @see <a href="https://github.com/memcached/memcached/blob/master/doc/protocol.txt">memcached protocol.txt</a>
 */
public enum KeyPolicy {

    /** protocol.txt's rule: printable bytes only, no space, no control characters (0x00-0x1F, 0x7F). */
    STRICT("strict", "0x21-0x7e or 0x80-0xff") {
        @Override
        boolean allows(int b) {
            return b > 0x20 && b != 0x7F && b <= 0xFF;
        }
    },

    /** memcached 1.6's behaviour: any byte except space, CR, LF and NUL. */
    MEMCACHED_COMPATIBLE("lenient", "any byte but space, CR, LF or NUL") {
        @Override
        boolean allows(int b) {
            return b != ' ' && b != '\r' && b != '\n' && b != 0 && b <= 0xFF;
        }
    };

    private final String optionName;
    private final String expected;

    KeyPolicy(String optionName, String expected) {
        this.optionName = optionName;
        this.expected = expected;
    }

    /** Returns whether this policy allows a key byte (or a char, which must be at most 0xFF). */
    abstract boolean allows(int b);

    /**
     * Returns the policy with a command-line name: {@code strict} or {@code lenient} (case-insensitive), or a
     * constant's name.
     *
     * @param name the name
     * @return the policy
     * @throws IllegalArgumentException naming the accepted values if there is no such policy
     */
    public static KeyPolicy byName(String name) {
        for (KeyPolicy p : values()) {
            if (p.optionName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("key policy: " + name + " (expected: strict or lenient)");
    }

    /**
     * Returns the name command lines use for this policy.
     *
     * @return {@code strict} or {@code lenient}
     */
    public String optionName() {
        return optionName;
    }

    /**
     * Returns whether a key is valid under this policy.
     *
     * @param key the key, one char per byte; {@code null} is invalid
     * @return {@code true} if it may be stored
     */
    public boolean isValid(CharSequence key) {
        if (key == null) {
            return false;
        }
        int length = key.length();
        if (length < 1 || length > Keys.MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!allows(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether the bytes of a key, as read from the wire, are valid under this policy.
     *
     * @param bytes array holding the key
     * @param offset index of the key's first byte
     * @param length key length in bytes
     * @return {@code true} if it may be stored
     */
    public boolean isValid(byte[] bytes, int offset, int length) {
        if (length < 1 || length > Keys.MAX_LENGTH) {
            return false;
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            if (!allows(bytes[i] & 0xFF)) {
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
     * @throws IllegalArgumentException naming the length or the offending char if the key is not valid
     * @throws NullPointerException if the key is {@code null}
     */
    public String validate(String key) {
        if (key == null) {
            throw new NullPointerException("key");
        }
        int length = key.length();
        if (length < 1 || length > Keys.MAX_LENGTH) {
            throw new IllegalArgumentException("key length: " + length + " (expected: 1-" + Keys.MAX_LENGTH + ")");
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (!allows(c)) {
                throw new IllegalArgumentException("key char at index " + i + ": 0x" + Integer.toHexString(c)
                        + " (expected: " + expected + ")");
            }
        }
        return key;
    }
}
