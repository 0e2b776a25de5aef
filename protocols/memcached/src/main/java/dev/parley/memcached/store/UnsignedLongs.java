package dev.parley.memcached.store;

import java.nio.charset.StandardCharsets;

/**
 * Decimal parsing and printing of unsigned 64-bit numbers, as used by {@code incr}/{@code decr} deltas,
 * cas uniques and numeric item values. Values are held in a {@code long}, read as unsigned.
 */
public final class UnsignedLongs {

    /** 2^64 - 1 in decimal, the largest accepted number. */
    private static final byte[] MAX_DIGITS = "18446744073709551615".getBytes(StandardCharsets.US_ASCII);

    private UnsignedLongs() {
    }

    /**
     * Parses a decimal unsigned 64-bit number: one or more ASCII digits (leading zeros allowed), no sign,
     * no spaces, at most 2^64 - 1.
     *
     * @param text the digits
     * @return the number, as an unsigned {@code long}
     * @throws NumberFormatException if the text is empty, has a non-digit or exceeds 2^64 - 1
     */
    public static long parseUnsigned64(CharSequence text) {
        int length = text.length();
        byte[] digits = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            digits[i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return parseUnsigned64(digits, 0, length);
    }

    /**
     * Parses a decimal unsigned 64-bit number from ASCII bytes, with the rules of
     * {@link #parseUnsigned64(CharSequence)}.
     *
     * @param bytes array holding the digits
     * @param offset index of the first digit
     * @param length number of bytes to parse
     * @return the number, as an unsigned {@code long}
     * @throws NumberFormatException if the bytes are empty, have a non-digit or exceed 2^64 - 1
     */
    public static long parseUnsigned64(byte[] bytes, int offset, int length) {
        if (length < 1) {
            throw new NumberFormatException("unsigned 64-bit number: empty (expected: 1 or more digits)");
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            if (!isDigit(bytes[i])) {
                throw new NumberFormatException("unsigned 64-bit number: '" + ascii(bytes, offset, length)
                        + "' (expected: decimal digits only)");
            }
        }
        if (!fits(bytes, offset, length)) {
            throw new NumberFormatException("unsigned 64-bit number: " + ascii(bytes, offset, length)
                    + " (expected: <= 18446744073709551615)");
        }
        return accumulate(bytes, offset, length);
    }

    /**
     * Returns whether a stored value is a number {@code incr} and {@code decr} accept, by memcached 1.6's rule (its
     * {@code strtoull} over the data): optional leading white space, an optional sign, one or more digits, then the
     * end of the value or a white space byte after which anything may follow ({@code "5 abc"} is 5), at most
     * 2^64 - 1; a {@code -} only when the result, read as signed, is not negative ({@code "-0"}).
     *
     * @param value the stored bytes
     * @return whether {@link #parseValue(byte[])} can read it
     */
    static boolean isNumericValue(byte[] value) {
        return scan(value) == 0;
    }

    /**
     * Parses a value {@link #isNumericValue(byte[])} accepted.
     *
     * @param value the stored bytes
     * @return the number, as an unsigned {@code long}
     */
    static long parseValue(byte[] value) {
        int i = 0;
        while (i < value.length && isSpace(value[i])) {
            i++;
        }
        boolean negative = i < value.length && value[i] == '-';
        if (i < value.length && (value[i] == '+' || value[i] == '-')) {
            i++;
        }
        long magnitude = 0;
        for (; i < value.length && isDigit(value[i]); i++) {
            magnitude = magnitude * 10 + (value[i] - '0');
        }
        return negative ? -magnitude : magnitude;
    }

    /** Returns 0 if the value is numeric (see {@link #isNumericValue(byte[])}), else -1. */
    private static int scan(byte[] value) {
        int i = 0;
        while (i < value.length && isSpace(value[i])) {
            i++;
        }
        boolean negative = false;
        if (i < value.length && (value[i] == '+' || value[i] == '-')) {
            negative = value[i] == '-';
            i++;
        }
        int start = i;
        while (i < value.length && isDigit(value[i])) {
            i++;
        }
        if (i == start || i < value.length && !isSpace(value[i]) || !fits(value, start, i - start)) {
            return -1;
        }
        if (negative && -accumulate(value, start, i - start) < 0) {
            return -1;
        }
        return 0;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }

    /**
     * Returns the decimal ASCII form of an unsigned 64-bit number.
     *
     * @param value the number, read as unsigned
     * @return its digits as bytes
     */
    static byte[] toAscii(long value) {
        if (value >= 0 && value < 10) {
            return new byte[] {(byte) ('0' + value)};
        }
        return Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean fits(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        while (start < end - 1 && bytes[start] == '0') {
            start++;
        }
        int significant = end - start;
        if (significant != MAX_DIGITS.length) {
            return significant < MAX_DIGITS.length;
        }
        for (int i = 0; i < significant; i++) {
            int difference = bytes[start + i] - MAX_DIGITS[i];
            if (difference != 0) {
                return difference < 0;
            }
        }
        return true;
    }

    private static long accumulate(byte[] bytes, int offset, int length) {
        long result = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            result = result * 10 + (bytes[i] - '0');
        }
        return result;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        int shown = Math.min(length, 40);
        String text = new String(bytes, offset, shown, StandardCharsets.ISO_8859_1);
        return shown < length ? text + "..." : text;
    }
}
