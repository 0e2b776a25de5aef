package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;

/**
 * Finds a trailing {@code {n}} token: the last token of the line (after its last space, or the whole line) when it
 * starts with {@code {} and ends with {@code }}. Writers quote every argument that holds a brace, so such a bare
 * token can only be an announcement: when its inside is not 1 to {@value #MAX_DIGITS} decimal digits
 * ({@code {-1}}, {@code {abc}}, {@code {+5}}, {@code {}}, a 19-digit count), the line is a framing violation.
 */
final class ParleyBlockAnnouncer implements BlockAnnouncer {

    static final ParleyBlockAnnouncer INSTANCE = new ParleyBlockAnnouncer();

    /** Any 18-digit count fits in a long; 19 digits may not. */
    static final int MAX_DIGITS = 18;

    /** How much of a malformed token the exception message quotes. */
    private static final int MAX_QUOTED = 40;

    private ParleyBlockAnnouncer() {
    }

    @Override
    public long blockLength(ByteBuf line) {
        return blockLength(line, line.readerIndex(), line.readableBytes());
    }

    @Override
    public long blockLength(ByteBuf line, int start, int length) {
        int end = start + length - 1;
        if (length < 2 || line.getByte(end) != '}') {
            return NO_BLOCK;
        }
        int i = end - 1;
        long value = 0;
        long scale = 1;
        int digits = 0;
        while (i >= start) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            if (++digits <= MAX_DIGITS) {
                value += (b - '0') * scale;
                scale *= 10;
            }
            i--;
        }
        if (digits > 0 && digits <= MAX_DIGITS && i >= start && line.getByte(i) == '{'
                && (i == start || line.getByte(i - 1) == ' ')) {
            return value;
        }
        int tokenStart = lastTokenStart(line, start, end);
        if (line.getByte(tokenStart) != '{') {
            return NO_BLOCK;
        }
        throw new MalformedAnnouncementException("block length: " + quote(line, tokenStart, end + 1)
                + " (expected: {n} with n of 1 to " + MAX_DIGITS + " decimal digits)");
    }

    /** The tail's last token, when the space before it is in the tail: a longer token is no valid count. */
    @Override
    public long oversizedBlockLength(ByteBuf tail) {
        int start = tail.readerIndex();
        int end = tail.writerIndex();
        int space = lastTokenStart(tail, start, end - 1) - 1;
        if (space < start || end - space < 2) {
            return NO_BLOCK;
        }
        return blockLength(tail, space, end - space);
    }

    private static int lastTokenStart(ByteBuf line, int start, int end) {
        int i = end;
        while (i > start && line.getByte(i - 1) != ' ') {
            i--;
        }
        return i;
    }

    /** The token as text, shortened in the middle when long, with bytes outside printable ASCII escaped. */
    private static String quote(ByteBuf line, int from, int to) {
        StringBuilder sb = new StringBuilder();
        int head = to - from > MAX_QUOTED ? MAX_QUOTED / 2 : to - from;
        appendEscaped(sb, line, from, from + head);
        if (head < to - from) {
            sb.append("...(").append(to - from).append(" bytes)...");
            appendEscaped(sb, line, to - MAX_QUOTED / 2, to);
        }
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, ByteBuf line, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = line.getByte(i) & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append("\\x").append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
    }
}
