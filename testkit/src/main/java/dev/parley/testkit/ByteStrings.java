package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * Renders bytes as readable text for assertion messages: printable ASCII stays as it is, a backslash becomes
 * {@code \\} and every other byte becomes {@code \xHH}, so {@code "OK\r\n"} reads {@code OK\x0D\x0A}.
 */
public final class ByteStrings {

    private ByteStrings() {
    }

    /**
     * Escapes all of {@code bytes}.
     *
     * @param bytes the bytes
     * @return the escaped text
     */
    public static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    /**
     * Escapes {@code length} bytes of {@code bytes} starting at {@code offset}.
     *
     * @param bytes the bytes
     * @param offset the first byte to escape
     * @param length the number of bytes to escape
     * @return the escaped text
     * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
     */
    public static String escape(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("range: " + offset + "+" + length + " (expected: within "
                    + bytes.length + ")");
        }
        StringBuilder sb = new StringBuilder(length + 16);
        for (int i = offset; i < offset + length; i++) {
            appendEscaped(sb, bytes[i]);
        }
        return sb.toString();
    }

    /**
     * Escapes the readable bytes of {@code buf} without changing its indexes or reference count.
     *
     * @param buf the buffer
     * @return the escaped text
     */
    public static String escape(ByteBuf buf) {
        return escape(ByteBufUtil.getBytes(buf));
    }

    /**
     * Returns the UTF-8 bytes of {@code text}, a shorthand for test inputs.
     *
     * @param text the text
     * @return its UTF-8 encoding
     */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void appendEscaped(StringBuilder sb, byte b) {
        if (b == '\\') {
            sb.append("\\\\");
        } else if (b >= 0x20 && b < 0x7f) {
            sb.append((char) b);
        } else {
            sb.append(String.format("\\x%02X", b & 0xff));
        }
    }
}
