package dev.parley.memcached.client;

import dev.parley.client.spi.BodyTarget;
import dev.parley.client.Reply;
import dev.parley.client.spi.ReplyAssembler;
import dev.parley.codec.framing.BlockChunk;
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
 */
final class MemcachedReplyAssembler implements ReplyAssembler {

    private List<MemcachedValue> values;
    private Map<String, String> stats;
    private String[] head;
    private byte[] data;
    private int filled;

    @Override
    public Reply onMessage(Object message, BodyTarget body) throws Exception {
        try {
            if (message instanceof BlockChunk) {
                return chunk((BlockChunk) message);
            }
            if (!(message instanceof MemcachedReplyLine)) {
                throw new ParleyProtocolException("unexpected message: " + message);
            }
            if (data != null) {
                throw new ParleyProtocolException("reply line inside a value: " + message);
            }
            return line((MemcachedReplyLine) message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private Reply chunk(BlockChunk chunk) {
        if (data == null) {
            throw new ParleyProtocolException("data without a VALUE line");
        }
        ByteBuf content = chunk.content();
        int n = content.readableBytes();
        content.getBytes(content.readerIndex(), data, filled, n);
        filled += n;
        if (chunk.isLast()) {
            if (!chunk.trailerValid()) {
                throw new ParleyProtocolException("value of " + head[1] + " not followed by CR LF");
            }
            if ("VA".equals(head[0])) {
                Reply meta = Reply.ok(List.of(head), null).withAttachment(meta(head, data));
                data = null;
                head = null;
                return meta;
            }
            long cas = head.length > 4 ? Long.parseUnsignedLong(head[4]) : 0;
            values.add(new MemcachedValue(head[1], Integer.parseUnsignedInt(head[2]), data, cas));
            data = null;
            head = null;
        }
        return null;
    }

    private Reply line(MemcachedReplyLine line) {
        String text = line.text();
        if (line.hasBlock()) {
            if (stats != null) {
                throw new ParleyProtocolException("VALUE inside stats");
            }
            head = text.split(" ");
            if (head[0].equals("VA")) {
                if (values != null || line.blockLength() > Integer.MAX_VALUE - 8) {
                    throw new ParleyProtocolException("bad VA line: " + text);
                }
                data = new byte[(int) line.blockLength()];
                filled = 0;
                return null;
            }
            if (head.length < 4 || line.blockLength() > Integer.MAX_VALUE - 8) {
                throw new ParleyProtocolException("bad VALUE line: " + text);
            }
            if (values == null) {
                values = new ArrayList<>();
            }
            data = new byte[(int) line.blockLength()];
            filled = 0;
            return null;
        }
        if (text.startsWith("STAT ")) {
            if (values != null) {
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
            Object attachment = stats != null ? stats : values != null ? values : List.of();
            values = null;
            stats = null;
            return Reply.ok(List.of("END"), null).withAttachment(attachment);
        }
        if (values != null || stats != null) {
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
                    default: break; // opaque, size, hit, last access...: not surfaced
                }
            }
            if (key != null && base64) {
                key = new String(java.util.Base64.getDecoder().decode(key), StandardCharsets.ISO_8859_1);
            }
        } catch (IllegalArgumentException e) {
            throw new ParleyProtocolException("bad meta reply flag: " + String.join(" ", words));
        }
        return new MetaResult(status, key, data, flags, cas, ttl, win, stale, won);
    }

    private static String rest(String text, String word) {
        return text.length() > word.length() + 1 ? text.substring(word.length() + 1) : "";
    }
}
