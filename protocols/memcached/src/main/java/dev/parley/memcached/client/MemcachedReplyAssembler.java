package dev.parley.memcached.client;

import dev.parley.client.spi.BodyTarget;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.spi.ReplyAssembler;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.InlineDecoder;
import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.memcached.codec.MemcachedErrors;
import dev.parley.memcached.codec.MemcachedReplyLine;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.parley.memcached.codec.AsciiTokens.skipSpaces;
import static dev.parley.memcached.codec.AsciiTokens.tokenEnd;

/**
 * Assembles memcached replies for the client session's queue. A {@code VALUE} line and its data block start (or
 * continue) a retrieval reply and {@code STAT} lines a {@code stats} reply; either is complete at {@code END}, with
 * the values ({@code List<MemcachedValue>}) or stats ({@code Map<String, String>}) as the reply's attachment. Every
 * other line is a complete reply: {@code ERROR}, {@code CLIENT_ERROR <msg>} and {@code SERVER_ERROR <msg>} become
 * errors ({@link ErrorCode#UNKNOWN_COMMAND}, {@link MemcachedErrors#CLIENT_ERROR},
 * {@link MemcachedErrors#SERVER_ERROR}); the rest ({@code STORED}, a number, {@code VERSION 1.6}, ...) a success
 * whose arguments are the line's words. A meta {@code VA <size> <flags>*} line and its data block are one complete
 * reply whose arguments are the line's words and whose attachment is the data ({@code byte[]}); {@code HD},
 * {@code EN}, {@code NF}, {@code NS}, {@code EX} and {@code MN} are plain lines. One per connection, event-loop confined.
 *
 * <p>It reads the framing's output itself ({@link MemcachedClientProtocol} installs no decoder after the framing).
 * Normally one instance per connection runs inline in the framing stage ({@link InlineDecoder}): lines and data are
 * read where they lie in the read buffer and only complete replies are passed on, which the connection's instance
 * hands to the session unchanged. {@code END} is recognised and a {@code VALUE} header parsed in the buffer, making no String but the key and no
 * list for a single value (the attachment is then an immutable one-element list). A {@code VALUE} header whose
 * flags or cas unique are not unsigned decimal numbers, or that lacks the key or the flags, is a protocol error
 * (the connection closes). It still takes {@link MemcachedReplyLine}s, for a pipeline that runs the codec's
 * {@link dev.parley.memcached.codec.MemcachedReplyDecoder}.
 */
final class MemcachedReplyAssembler implements ReplyAssembler, InlineDecoder {

    private static final List<String> END_ARGS = List.of("END");
    private static final Reply END = Reply.ok(END_ARGS, null);
    private static final List<String> MN_ARGS = List.of("MN");
    private static final int MAX_SHORT_DIGITS = 18;

    /** Whether a retrieval reply ({@code VALUE} lines before {@code END}) is open. */
    private boolean retrieving;
    /** The first value of the open retrieval reply; {@code more} holds it and the rest once there are two. */
    private MemcachedValue first;
    private List<MemcachedValue> more;
    private Map<String, String> stats;
    /** The open {@code VA} line's words, or {@code null} while a {@code VALUE} block (or nothing) is open. */
    private String[] meta;
    private String key;
    private int flags;
    private long cas;
    private byte[] data;
    private int filled;
    /** The meta replies of the quiet batch being answered, or {@code null} while none is. */
    private List<MetaResult> batchItems;
    private Reply batchError;
    private int batchReplies;
    /** A copy of the {@code VALUE} line being read. */
    private byte[] scratch = new byte[128];

    /**
     * Takes one message of the client framing: a complete {@link Reply} (from an instance that runs inline in the
     * framing stage, passed on as it is), a plain reply line ({@code ByteBuf}), a line that announces a data block
     * ({@link LineFrame}), a chunk of that block ({@link BlockChunk}), an {@link OversizedLine}, or a
     * {@link MemcachedReplyLine} (from {@link dev.parley.memcached.codec.MemcachedReplyDecoder}, when the codec's
     * handlers run). Always releases it.
     */
    @Override
    public Reply onMessage(Object message, BodyTarget body) {
        Reply reply = message instanceof Reply ? (Reply) message : assemble(message);
        if (reply == null) {
            return null;
        }
        Request request = body == null ? null : body.request();
        return request != null && MemcachedClientProtocol.isQuietBatch(request) ? batch(reply, request) : reply;
    }

    /**
     * One reply to a quiet batch ({@link MemcachedClientProtocol#isQuietBatch}): its commands answer only what is
     * worth saying, and the {@code mn} after them answers {@code MN}. The meta replies before it are collected;
     * {@code MN} completes the batch with them (a {@code List<MetaResult>} as the attachment), or with the first
     * error reply among them, so that the stream stays in step whatever the server said. A batch of n commands gets
     * at most n + 1 replies: one that got them all and no {@code MN} (a server that knows no meta command answers
     * {@code ERROR} to each line) ends there.
     */
    private Reply batch(Reply reply, Request request) {
        if (batchItems == null) {
            batchItems = new ArrayList<>();
            batchError = null;
            batchReplies = 0;
        }
        batchReplies++;
        boolean ok = reply.status() == Reply.Status.OK;
        if (ok && reply.attachment() instanceof MetaResult
                && ((MetaResult) reply.attachment()).status() == MetaStatus.NOOP) {
            return endBatch();
        }
        if (ok && !(reply.attachment() instanceof MetaResult)) {
            batchItems = null;
            throw new ParleyProtocolException("not a meta reply inside a quiet batch: " + reply);
        }
        if (!ok) {
            if (batchError == null) {
                batchError = reply;
            }
        } else {
            batchItems.add((MetaResult) reply.attachment());
        }
        if (batchReplies > request.args().size()) {
            if (batchError == null) {
                batchItems = null;
                throw new ParleyProtocolException("no MN after the " + request.args().size()
                        + " commands of a quiet batch");
            }
            return endBatch();
        }
        return null;
    }

    private Reply endBatch() {
        Reply result = batchError != null ? batchError
                : Reply.ok(MN_ARGS, null).withAttachment(List.copyOf(batchItems));
        batchItems = null;
        batchError = null;
        return result;
    }

    private Reply assemble(Object message) {
        try {
            if (message instanceof BlockChunk) {
                BlockChunk chunk = (BlockChunk) message;
                ByteBuf content = chunk.content();
                return chunk(content, content.readerIndex(), content.readableBytes(), chunk.isLast(),
                        chunk.trailerValid());
            }
            if (data != null) {
                throw insideValue(describe(message));
            }
            if (message instanceof ByteBuf) {
                ByteBuf line = (ByteBuf) message;
                return plain(line, line.readerIndex(), line.readableBytes());
            }
            if (message instanceof LineFrame) {
                LineFrame frame = (LineFrame) message;
                ByteBuf line = frame.content();
                if (!frame.hasBlock()) {
                    return plain(line, line.readerIndex(), line.readableBytes());
                }
                return announcing(line, line.readerIndex(), line.readableBytes(), frame.blockLength(),
                        frame.blockRejected());
            }
            if (message instanceof OversizedLine) {
                throw new ParleyProtocolException("reply line too long: " + message);
            }
            if (message instanceof MemcachedReplyLine) {
                return line((MemcachedReplyLine) message);
            }
            throw new ParleyProtocolException("unexpected message: " + message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    /** Inline in the framing stage: a plain line where it lies; the complete reply, if it ends one. */
    @Override
    public Object decodeLine(ByteBuf buf, int index, int length) {
        if (data != null) {
            throw insideValue(buf.toString(index, length, StandardCharsets.ISO_8859_1));
        }
        return plain(buf, index, length);
    }

    /** Inline in the framing stage: a {@code VALUE} or {@code VA} line where it lies. */
    @Override
    public Object decodeAnnouncingLine(ByteBuf buf, int index, int length, long blockLength, boolean blockRejected) {
        if (data != null) {
            throw insideValue(buf.toString(index, length, StandardCharsets.ISO_8859_1));
        }
        return announcing(buf, index, length, blockLength, blockRejected);
    }

    /** Inline in the framing stage: data bytes where they lie, copied into the value. */
    @Override
    public Object decodeBlock(ByteBuf buf, int index, int length, boolean last, boolean trailerValid) {
        return chunk(buf, index, length, last, trailerValid);
    }

    /** Inline in the framing stage: any other frame (an {@link OversizedLine}). */
    @Override
    public Object decodeFrame(Object frame) {
        return assemble(frame);
    }

    private static ParleyProtocolException insideValue(String line) {
        return new ParleyProtocolException("reply line inside a value: " + line);
    }

    private Reply announcing(ByteBuf buf, int index, int length, long blockLength, boolean blockRejected) {
        if (blockRejected) {
            throw new ParleyProtocolException("value length: " + blockLength + " (over the limit)");
        }
        return header(buf, index, length, blockLength);
    }

    private static String describe(Object message) {
        if (message instanceof ByteBuf) {
            return ((ByteBuf) message).toString(StandardCharsets.ISO_8859_1);
        }
        if (message instanceof LineFrame) {
            return ((LineFrame) message).content().toString(StandardCharsets.ISO_8859_1);
        }
        return String.valueOf(message);
    }

    private Reply chunk(ByteBuf buf, int index, int n, boolean last, boolean trailerValid) {
        if (data == null) {
            throw new ParleyProtocolException("data without a VALUE line");
        }
        buf.getBytes(index, data, filled, n);
        filled += n;
        if (last) {
            if (!trailerValid) {
                throw new ParleyProtocolException("value of " + (meta != null ? meta[1] : key)
                        + " not followed by CR LF");
            }
            byte[] value = data;
            data = null;
            if (meta != null) {
                String[] words = meta;
                meta = null;
                return Reply.ok(List.of(words), null).withAttachment(meta(words, value));
            }
            MemcachedValue v = new MemcachedValue(key, flags, value, cas);
            key = null;
            if (first == null) {
                first = v;
            } else {
                if (more == null) {
                    more = new ArrayList<>();
                    more.add(first);
                }
                more.add(v);
            }
        }
        return null;
    }

    /** A line without a block: {@code END} without a String, anything else by its text. */
    private Reply plain(ByteBuf buf, int at, int n) {
        if (n == 3 && buf.getByte(at) == 'E' && buf.getByte(at + 1) == 'N' && buf.getByte(at + 2) == 'D') {
            return end();
        }
        return line(buf.toString(at, n, StandardCharsets.ISO_8859_1), -1);
    }

    /**
     * A line that announces a data block: {@code VALUE <key> <flags> <bytes> [<cas unique>]} read from a copy of the
     * line (one bounds check; the key is the only String made), or {@code VA <size> <flags>*} by its words.
     */
    private Reply header(ByteBuf buf, int index, int n, long blockLength) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        byte[] b = scratch;
        buf.getBytes(index, b, 0, n);
        if (stats != null) {
            throw new ParleyProtocolException("VALUE inside stats");
        }
        boolean va = n >= 2 && b[0] == 'V' && b[1] == 'A' && (n == 2 || b[2] == ' ');
        if (blockLength > Integer.MAX_VALUE - 8) {
            throw new ParleyProtocolException("bad " + (va ? "VA" : "VALUE") + " line: " + text(b, n));
        }
        if (va) {
            return line(text(b, n), blockLength);
        }
        int verbEnd = tokenEnd(b, 0, n);
        if (verbEnd != 5 || b[0] != 'V' || b[1] != 'A' || b[2] != 'L' || b[3] != 'U' || b[4] != 'E') {
            throw bad(b, n);
        }
        int keyStart = skipSpaces(b, verbEnd, n);
        int keyEnd = tokenEnd(b, keyStart, n);
        int flagsStart = skipSpaces(b, keyEnd, n);
        int flagsEnd = tokenEnd(b, flagsStart, n);
        int bytesStart = skipSpaces(b, flagsEnd, n);
        int bytesEnd = tokenEnd(b, bytesStart, n);
        int casStart = skipSpaces(b, bytesEnd, n);
        int casEnd = tokenEnd(b, casStart, n);
        if (keyStart == keyEnd || flagsStart == flagsEnd || bytesStart == bytesEnd) {
            throw bad(b, n);
        }
        long f = parseUnsigned(b, flagsStart, flagsEnd);
        if (f < 0 || f > 0xFFFF_FFFFL) {
            throw bad(b, n);
        }
        long c = 0;
        if (casStart < casEnd) {
            if (casEnd - casStart > MAX_SHORT_DIGITS) {
                c = parseUnsignedLong(b, n, casStart, casEnd);
            } else if ((c = parseUnsigned(b, casStart, casEnd)) < 0) {
                throw bad(b, n);
            }
        }
        key = new String(b, keyStart, keyEnd - keyStart, StandardCharsets.ISO_8859_1);
        flags = (int) f;
        cas = c;
        retrieving = true;
        data = new byte[(int) blockLength];
        filled = 0;
        return null;
    }

    private static String text(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static ParleyProtocolException bad(byte[] b, int n) {
        return new ParleyProtocolException("bad VALUE line: " + text(b, n));
    }

    /** Decimal digits, at most {@value #MAX_SHORT_DIGITS} of them; {@code -1} when they are not. */
    private static long parseUnsigned(byte[] b, int from, int to) {
        if (to - from > MAX_SHORT_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** A longer unsigned 64-bit number (a cas unique of 19 or 20 digits). */
    private static long parseUnsignedLong(byte[] b, int n, int from, int to) {
        if (b[from] == '+') {
            throw bad(b, n);
        }
        try {
            return Long.parseUnsignedLong(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw bad(b, n);
        }
    }

    private Reply end() {
        Object attachment = stats != null ? stats : more != null ? more : first != null ? List.of(first) : List.of();
        retrieving = false;
        first = null;
        more = null;
        stats = null;
        return END.withAttachment(attachment);
    }

    private Reply line(MemcachedReplyLine line) {
        return line(line.text(), line.blockLength());
    }

    private Reply line(String text, long blockLength) {
        if (blockLength >= 0) {
            if (stats != null) {
                throw new ParleyProtocolException("VALUE inside stats");
            }
            String[] head = text.split(" ");
            if (head[0].equals("VA")) {
                if (retrieving || blockLength > Integer.MAX_VALUE - 8) {
                    throw new ParleyProtocolException("bad VA line: " + text);
                }
                meta = head;
                data = new byte[(int) blockLength];
                filled = 0;
                return null;
            }
            if (head.length < 4 || blockLength > Integer.MAX_VALUE - 8) {
                throw new ParleyProtocolException("bad VALUE line: " + text);
            }
            try {
                flags = Integer.parseUnsignedInt(head[2]);
                cas = head.length > 4 ? Long.parseUnsignedLong(head[4]) : 0;
            } catch (NumberFormatException e) {
                throw new ParleyProtocolException("bad VALUE line: " + text);
            }
            key = head[1];
            retrieving = true;
            data = new byte[(int) blockLength];
            filled = 0;
            return null;
        }
        if (text.startsWith("STAT ")) {
            if (retrieving) {
                throw new ParleyProtocolException("STAT inside a retrieval reply");
            }
            if (stats == null) {
                stats = new LinkedHashMap<>();
            }
            int space = text.indexOf(' ', 5);
            stats.put(space < 0 ? text.substring(5) : text.substring(5, space), space < 0 ? ""
                    : text.substring(space + 1));
            return null;
        }
        if ("END".equals(text)) {
            return end();
        }
        if (retrieving || stats != null) {
            throw new ParleyProtocolException("unexpected line inside a multi-line reply: " + text);
        }
        if ("ERROR".equals(text) || text.startsWith("ERROR ")) {
            return Reply.error(ErrorCode.UNKNOWN_COMMAND, text.length() > 6 ? text.substring(6) : "");
        }
        if (text.startsWith("CLIENT_ERROR")) {
            return Reply.error(MemcachedErrors.CLIENT_ERROR, rest(text, "CLIENT_ERROR"));
        }
        if (text.startsWith("SERVER_ERROR")) {
            return Reply.error(MemcachedErrors.SERVER_ERROR, rest(text, "SERVER_ERROR"));
        }
        String[] words = text.split(" ");
        if (MetaStatus.of(words[0]) != null) {
            return Reply.ok(List.of(words), null).withAttachment(meta(words, null));
        }
        return Reply.ok(List.of(words), null);
    }

    /**
     * Reads a meta reply's return flags ({@code VA <size> <flags>*} or {@code HD|EN|NF|NS|EX|MN <flags>*}).
     *
     * @param words the line's words
     * @param data the {@code VA} data, or {@code null}
     * @return the result
     * @throws ParleyProtocolException when a flag is malformed
     */
    static MetaResult meta(String[] words, byte[] data) {
        MetaStatus status = MetaStatus.of(words[0]);
        if (status == null || (status == MetaStatus.VALUE) != (data != null)) {
            throw new ParleyProtocolException("bad meta reply: " + String.join(" ", words));
        }
        String key = null;
        boolean base64 = false;
        int flags = 0;
        long cas = 0;
        long ttl = MetaResult.NO_TTL;
        boolean win = false;
        boolean stale = false;
        boolean won = false;
        String opaque = null;
        try {
            for (int i = status == MetaStatus.VALUE ? 2 : 1; i < words.length; i++) {
                String w = words[i];
                if (w.isEmpty()) {
                    throw new ParleyProtocolException("bad meta reply: empty flag");
                }
                String v = w.substring(1);
                switch (w.charAt(0)) {
                    case 'k': key = v; break;
                    case 'b': base64 = true; break;
                    case 'f': flags = Integer.parseUnsignedInt(v); break;
                    case 'c': cas = Long.parseUnsignedLong(v); break;
                    case 't': ttl = Long.parseLong(v); break;
                    case 'W': win = true; break;
                    case 'X': stale = true; break;
                    case 'Z': won = true; break;
                    case 'O': opaque = v; break;
                    default: break; // size, hit, last access...: not surfaced
                }
            }
            if (key != null && base64) {
                key = new String(java.util.Base64.getDecoder().decode(key), StandardCharsets.ISO_8859_1);
            }
        } catch (IllegalArgumentException e) {
            throw new ParleyProtocolException("bad meta reply flag: " + String.join(" ", words));
        }
        return new MetaResult(status, key, data, flags, cas, ttl, win, stale, won, opaque);
    }

    private static String rest(String text, String word) {
        return text.length() > word.length() + 1 ? text.substring(word.length() + 1) : "";
    }
}
