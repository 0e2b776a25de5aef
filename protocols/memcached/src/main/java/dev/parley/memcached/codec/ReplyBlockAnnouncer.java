package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockAnnouncer;
import dev.parley.codec.framing.MalformedAnnouncementException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

import static dev.parley.memcached.codec.AsciiTokens.skipSpaces;
import static dev.parley.memcached.codec.AsciiTokens.tokenEnd;

/**
 * The client framing's announcer: the same answers as {@link MemcachedBlockAnnouncer#REPLIES} ({@code <bytes>} of
 * {@code VALUE <key> <flags> <bytes> [<cas unique>]}, {@code <size>} of {@code VA <size> <flags>*}), for less work
 * per reply line. A line that does not start with {@code V} is answered from one byte; any other is copied once into
 * a per-thread array and read there, instead of one checked {@link ByteBuf#getByte} per byte, and the framing's
 * line is read in place rather than through a slice. Stateless apart from that array; thread-safe.
 */
final class ReplyBlockAnnouncer implements BlockAnnouncer {

    static final ReplyBlockAnnouncer INSTANCE = new ReplyBlockAnnouncer();

    private static final int MAX_DIGITS = 18;
    private static final int SCRATCH_SIZE = 512;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };

    private ReplyBlockAnnouncer() {
    }

    @Override
    public long blockLength(ByteBuf line) {
        return blockLength(line, line.readerIndex(), line.readableBytes());
    }

    @Override
    public long blockLength(ByteBuf buf, int index, int length) {
        if (length < 2 || buf.getByte(index) != 'V') {
            return NO_BLOCK;
        }
        byte[] b = length <= SCRATCH_SIZE ? SCRATCH.get() : new byte[length];
        buf.getBytes(index, b, 0, length);
        int verbEnd = tokenEnd(b, 0, length);
        int countToken;
        if (verbEnd == 2 && b[1] == 'A') {
            countToken = 1;
        } else if (verbEnd == 5 && b[1] == 'A' && b[2] == 'L' && b[3] == 'U' && b[4] == 'E') {
            countToken = 3;
        } else {
            return NO_BLOCK;
        }
        int i = verbEnd;
        for (int t = 1; t <= countToken; t++) {
            i = skipSpaces(b, i, length);
            if (i >= length) {
                return NO_BLOCK;
            }
            int tokenEnd = tokenEnd(b, i, length);
            if (t == countToken) {
                long count = parseCount(b, i, tokenEnd);
                if (count < 0) {
                    throw new MalformedAnnouncementException("<bytes>: "
                            + new String(b, i, Math.min(tokenEnd - i, 40), StandardCharsets.ISO_8859_1)
                            + " (expected: 1 to " + MAX_DIGITS + " decimal digits)");
                }
                return count;
            }
            i = tokenEnd;
        }
        return NO_BLOCK;
    }

    private static long parseCount(byte[] b, int from, int to) {
        if (to - from == 0 || to - from > MAX_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
