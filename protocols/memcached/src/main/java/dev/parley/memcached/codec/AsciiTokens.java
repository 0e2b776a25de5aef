package dev.parley.memcached.codec;

/** Space-separated tokens in a reply line's bytes, found without making {@code String}s. */
public final class AsciiTokens {

    private AsciiTokens() {
    }

    /**
     * @param b   the line's bytes
     * @param i   where to start
     * @param end where the line ends
     * @return the index of the first byte at or after {@code i} that is not a space, or {@code end}
     */
    public static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && b[i] == ' ') {
            i++;
        }
        return i;
    }

    /**
     * @param b   the line's bytes
     * @param i   where the token starts
     * @param end where the line ends
     * @return the index of the first space at or after {@code i}, or {@code end}
     */
    public static int tokenEnd(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ') {
            i++;
        }
        return i;
    }
}
