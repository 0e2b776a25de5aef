package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockAnnouncer;
import dev.parley.codec.framing.MalformedAnnouncementException;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Finds the data block that memcached's storage commands announce: {@code <bytes>} is the fifth token of
 * {@code set|add|replace|append|prepend <key> <flags> <exptime> <bytes> [noreply]} and of
 * {@code cas <key> <flags> <exptime> <bytes> <cas unique> [noreply]} (requests), and the fourth of
 * {@code VALUE <key> <flags> <bytes> [<cas unique>]} (replies); {@code <datalen>} is the third token of the meta set
 * {@code ms <key> <datalen> <flags>*}, and {@code <size>} the second of the meta reply {@code VA <size> <flags>*},
 * read by the same rules.
 *
 * <p>The {@code <bytes>} token alone decides, because it alone says where the command's data ends:
 * <ul>
 *   <li>absent ({@code set k 0 0}): nothing is announced; the command handler answers {@code ERROR}, as memcached
 *       does;</li>
 *   <li>1 to 18 decimal digits: that many bytes (and CR LF) follow, whatever the other tokens hold. When the flags,
 *       exptime or cas unique are bad, or the line has the wrong number of tokens, the handler answers as memcached
 *       does ({@code CLIENT_ERROR bad command line format}, {@code ERROR}) and the data is skipped. memcached itself
 *       reads such data as commands; skipping it keeps the stream in sync;</li>
 *   <li>anything else ({@code -1}, {@code abc}, {@code +5}, 19 digits or more): a framing violation
 *       ({@link MalformedAnnouncementException}). memcached answers {@code CLIENT_ERROR bad command line format}
 *       and reads the data as commands; this server answers the same words once and closes the connection
 *       (see {@link MemcachedReplyEncoder}). A count over what memcached accepts ({@value #MAX_COUNT}) is the same
 *       violation, through {@link MemcachedServerCodec}'s skip limit.</li>
 * </ul>
 * Verbs are case-sensitive as in memcached: {@code SET k 0 0 5} is an unknown command and announces nothing.
 */
public final class MemcachedBlockAnnouncer implements BlockAnnouncer {

    /** Announcer for the server side (storage commands). */
    public static final MemcachedBlockAnnouncer REQUESTS = new MemcachedBlockAnnouncer(false);
    /** Announcer for the client side ({@code VALUE} lines). */
    public static final MemcachedBlockAnnouncer REPLIES = new MemcachedBlockAnnouncer(true);

    /** The largest {@code <bytes>} memcached 1.6 accepts: {@value} ({@code INT_MAX - 2}). */
    public static final long MAX_COUNT = Integer.MAX_VALUE - 2;

    private static final int MAX_DIGITS = 18;

    private final boolean replies;

    private MemcachedBlockAnnouncer(boolean replies) {
        this.replies = replies;
    }

    /**
     * Returns the length of the data block a line announces.
     *
     * @param line the line's bytes
     * @return the {@code <bytes>} count, or {@link #NO_BLOCK} for a line that is not a storage command (server
     *         side) or {@code VALUE} line (client side), or has no {@code <bytes>} token
     * @throws MalformedAnnouncementException if the {@code <bytes>} token is present but not 1 to 18 decimal digits
     */
    @Override
    public long blockLength(ByteBuf line) {
        int start = line.readerIndex();
        int end = line.writerIndex();
        int verbEnd = tokenEnd(line, start, end);
        boolean metaSet = !replies && verbEnd - start == 2 && matches(line, start, "ms");
        boolean metaValue = replies && verbEnd - start == 2 && matches(line, start, "VA");
        if (!metaSet && !metaValue
                && !(replies ? isValueVerb(line, start, verbEnd) : isStorageVerb(line, start, verbEnd))) {
            return NO_BLOCK;
        }
        int countToken = metaValue ? 1 : metaSet ? 2 : replies ? 3 : 4;
        int i = verbEnd;
        for (int t = 1; t <= countToken; t++) {
            i = skipSpaces(line, i, end);
            if (i >= end) {
                return NO_BLOCK;
            }
            int tokenEnd = tokenEnd(line, i, end);
            if (t == countToken) {
                long count = parseCount(line, i, tokenEnd);
                if (count < 0) {
                    throw new MalformedAnnouncementException("<bytes>: "
                            + line.toString(i, Math.min(tokenEnd - i, 40), StandardCharsets.ISO_8859_1)
                            + " (expected: 1 to " + MAX_DIGITS + " decimal digits)");
                }
                return count;
            }
            i = tokenEnd;
        }
        return NO_BLOCK;
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
