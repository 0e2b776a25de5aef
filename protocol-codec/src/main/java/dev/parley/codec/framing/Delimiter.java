package dev.parley.codec.framing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte sequence that ends a line. Immutable.
 *
 * <p>{@link #lf()} is the usual choice for text protocols: a line ends at LF and one CR right before it is removed,
 * so both {@code nc -C} and plain {@code nc} work. {@link #crlf()} accepts only CR LF. {@link #of(byte[])} takes any
 * sequence, for example SUTAgent's 3-byte prompt {@code $>\0}.
 */
public final class Delimiter {

    private static final Delimiter LF = new Delimiter(new byte[] {'\n'}, true);
    private static final Delimiter CRLF = new Delimiter(new byte[] {'\r', '\n'}, false);

    private final byte[] bytes;
    private final boolean stripCr;

    private Delimiter(byte[] bytes, boolean stripCr) {
        this.bytes = bytes;
        this.stripCr = stripCr;
    }

    /**
     * Returns the LF delimiter that also removes one CR right before the LF.
     *
     * @return the shared LF delimiter
     */
    public static Delimiter lf() {
        return LF;
    }

    /**
     * Returns the strict CR LF delimiter: a lone LF does not end a line.
     *
     * @return the shared CR LF delimiter
     */
    public static Delimiter crlf() {
        return CRLF;
    }

    /**
     * Returns a delimiter made of the given bytes, matched exactly.
     *
     * @param bytes one or more bytes; copied
     * @return the delimiter
     * @throws IllegalArgumentException if {@code bytes} is empty
     */
    public static Delimiter of(byte... bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("delimiter length: 0 (expected: > 0)");
        }
        return new Delimiter(bytes.clone(), false);
    }

    /**
     * Returns a delimiter made of the UTF-8 bytes of {@code text}.
     *
     * @param text one or more characters
     * @return the delimiter
     * @throws IllegalArgumentException if {@code text} is empty
     */
    public static Delimiter of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the delimiter's bytes.
     *
     * @return a copy of the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] rawBytes() {
        return bytes;
    }

    /**
     * Returns the number of bytes in the delimiter.
     *
     * @return the length, at least 1
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Returns whether one CR right before this delimiter is removed from the line.
     *
     * @return {@code true} for {@link #lf()}
     */
    public boolean stripsCr() {
        return stripCr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delimiter && ((Delimiter) o).stripCr == stripCr
                && Arrays.equals(((Delimiter) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + (stripCr ? 1 : 0);
    }

    @Override
    public String toString() {
        if (this == LF) {
            return "LF (CR stripped)";
        }
        StringBuilder sb = new StringBuilder("Delimiter[");
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02X", b & 0xff));
            }
        }
        return sb.append(']').toString();
    }
}
