package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;

/** Finds a trailing {@code {n}} token. Never throws: a malformed count means "no block". */
final class ParleyBlockAnnouncer implements BlockAnnouncer {

    static final ParleyBlockAnnouncer INSTANCE = new ParleyBlockAnnouncer();

    /** 19 digits fit in a long. */
    private static final int MAX_DIGITS = 18;

    private ParleyBlockAnnouncer() {
    }

    @Override
    public long blockLength(ByteBuf line) {
        return blockLength(line, line.readerIndex(), line.readableBytes());
    }

    @Override
    public long blockLength(ByteBuf line, int start, int length) {
        int end = start + length - 1;
        if (end - start < 2 || line.getByte(end) != '}') {
            return -1;
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
            if (++digits > MAX_DIGITS) {
                return -1;
            }
            value += (b - '0') * scale;
            scale *= 10;
            i--;
        }
        if (digits == 0 || i < start || line.getByte(i) != '{') {
            return -1;
        }
        if (i > start && line.getByte(i - 1) != ' ') {
            return -1;
        }
        return value;
    }
}
