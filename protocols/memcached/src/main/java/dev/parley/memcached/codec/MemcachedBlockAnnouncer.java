package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockAnnouncer;
import io.netty.buffer.ByteBuf;

/**
 * Finds the data block that memcached's storage commands announce: {@code <bytes>} is the fifth token of
 * {@code set|add|replace|append|prepend <key> <flags> <exptime> <bytes> [noreply]} and of
 * {@code cas <key> <flags> <exptime> <bytes> <cas unique> [noreply]} (requests), and the fourth of
 * {@code VALUE <key> <flags> <bytes> [<cas unique>]} (replies). A malformed count announces nothing; the command
 * handler then answers {@code CLIENT_ERROR bad command line format}, as memcached does.
 */
public final class MemcachedBlockAnnouncer implements BlockAnnouncer {

    /** Announcer for the server side (storage commands). */
    public static final MemcachedBlockAnnouncer REQUESTS = new MemcachedBlockAnnouncer(false);
    /** Announcer for the client side ({@code VALUE} lines). */
    public static final MemcachedBlockAnnouncer REPLIES = new MemcachedBlockAnnouncer(true);

    private static final int MAX_DIGITS = 18;

    private final boolean replies;

    private MemcachedBlockAnnouncer(boolean replies) {
        this.replies = replies;
    }

    @Override
    public long blockLength(ByteBuf line) {
        int start = line.readerIndex();
        int end = line.writerIndex();
        int verbEnd = tokenEnd(line, start, end);
        if (!(replies ? isValueVerb(line, start, verbEnd) : isStorageVerb(line, start, verbEnd))) {
            return -1;
        }
        int countToken = replies ? 3 : 4;
        int i = verbEnd;
        for (int t = 1; t <= countToken; t++) {
            i = skipSpaces(line, i, end);
            if (i >= end) {
                return -1;
            }
            int tokenEnd = tokenEnd(line, i, end);
            if (t == countToken) {
                return parseCount(line, i, tokenEnd);
            }
            i = tokenEnd;
        }
        return -1;
    }

    private static long parseCount(ByteBuf line, int from, int to) {
        if (to - from == 0 || to - from > MAX_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    private static int skipSpaces(ByteBuf line, int i, int end) {
        while (i < end && line.getByte(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int tokenEnd(ByteBuf line, int i, int end) {
        while (i < end && line.getByte(i) != ' ') {
            i++;
        }
        return i;
    }

    private static boolean isValueVerb(ByteBuf line, int start, int end) {
        return end - start == 5 && matches(line, start, "VALUE");
    }

    private static boolean isStorageVerb(ByteBuf line, int start, int end) {
        switch (end - start) {
            case 3: return matches(line, start, "set") || matches(line, start, "add") || matches(line, start, "cas");
            case 6: return matches(line, start, "append");
            case 7: return matches(line, start, "replace") || matches(line, start, "prepend");
            default: return false;
        }
    }

    private static boolean matches(ByteBuf line, int at, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (line.getByte(at + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
