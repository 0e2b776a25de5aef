package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockAnnouncer;
import io.netty.buffer.ByteBuf;

/**
 * Finds the data block that memcached's storage commands announce: {@code <bytes>} is the fifth token of
 * {@code set|add|replace|append|prepend <key> <flags> <exptime> <bytes> [noreply]} and of
 * {@code cas <key> <flags> <exptime> <bytes> <cas unique> [noreply]} (requests), and the fourth of
 * {@code VALUE <key> <flags> <bytes> [<cas unique>]} (replies). A request line announces its block only when
 * memcached would read it: flags an unsigned 32-bit number, exptime a signed number and, for {@code cas}, the cas
 * unique present and numeric. Otherwise nothing is announced, the bytes that follow are read as the next command
 * line, and the command handler answers {@code CLIENT_ERROR bad command line format} (or {@code ERROR}), exactly as
 * memcached does.
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
        boolean cas = !replies && verbEnd - start == 3 && matches(line, start, "cas");
        int countToken = replies ? 3 : 4;
        int lastToken = cas ? 5 : countToken;
        long count = -1;
        int i = verbEnd;
        for (int t = 1; t <= lastToken; t++) {
            i = skipSpaces(line, i, end);
            if (i >= end) {
                return -1;
            }
            int tokenEnd = tokenEnd(line, i, end);
            if (t == countToken) {
                count = parseCount(line, i, tokenEnd);
            } else if (!replies && !validNumber(t, line, i, tokenEnd)) {
                return -1;
            }
            i = tokenEnd;
        }
        return count;
    }

    /** Token 2 is the flags (unsigned 32-bit), 3 the exptime (signed), 5 the cas unique (unsigned 64-bit). */
    private static boolean validNumber(int token, ByteBuf line, int from, int to) {
        switch (token) {
            case 2:
                long flags = parseDigits(line, from, to, 10);
                return flags >= 0 && flags <= 0xFFFF_FFFFL;
            case 3:
                return parseDigits(line, line.getByte(from) == '-' ? from + 1 : from, to, MAX_DIGITS) >= 0;
            case 5:
                return parseDigits(line, from, to, 20) >= 0;
            default:
                return true;
        }
    }

    private static long parseDigits(ByteBuf line, int from, int to, int maxDigits) {
        if (to - from > Math.min(maxDigits, MAX_DIGITS)) {
            return to - from <= maxDigits && allDigits(line, from, to) ? 0 : -1;
        }
        return parseCount(line, from, to);
    }

    private static boolean allDigits(ByteBuf line, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return to > from;
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
