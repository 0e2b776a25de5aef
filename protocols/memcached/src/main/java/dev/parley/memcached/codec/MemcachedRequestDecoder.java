package dev.parley.memcached.codec;

import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import dev.parley.codec.spi.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Server side: turns memcached command lines into {@link MemcachedRequest}s, for the toolkit's router.
 *
 * <p>Tokens are split at spaces and decoded as ISO-8859-1, which maps every byte to one char: keys, which memcached
 * treats as bytes, survive unchanged. Verbs, small numbers and {@code noreply} are shared strings, and the arguments
 * go straight into the request's immutable list (see {@link MemcachedTokens}), so a {@code get} costs the request,
 * its list and the key. Verbs are case-sensitive as in memcached ({@code GET} is unknown). A storage
 * command's data block follows as {@link dev.parley.codec.framing.BlockChunk}s (its CR LF trailer is checked by the
 * framing). Emits {@link MemcachedRejected} with {@code UNKNOWN_COMMAND} for an empty line or a verb that is not
 * lower case (memcached answers {@code ERROR}) and {@code TOO_LONG} for an oversized line. A data block over the item
 * size limit is skipped by the framing and its line delivered as {@link MemcachedRequest#withSkippedBody}, so the
 * command can check its line, honour {@code noreply} and answer {@code SERVER_ERROR object too large for cache}.
 * Stateless and sharable.
 */
@Sharable
public final class MemcachedRequestDecoder extends MessageToMessageDecoder<Object> {

    /** The shared instance. */
    public static final MemcachedRequestDecoder INSTANCE = new MemcachedRequestDecoder();

    private MemcachedRequestDecoder() {
        super(Object.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof LineFrame) {
            LineFrame frame = (LineFrame) msg;
            out.add(decodeLine(frame.content(), frame.blockLength(), frame.blockRejected()));
        } else if (msg instanceof ByteBuf) {
            out.add(decodeLine((ByteBuf) msg, -1, false));
        } else if (msg instanceof OversizedLine) {
            out.add(new MemcachedRejected(Failure.TOO_LONG, "line too long", false));
        } else {
            out.add(ReferenceCountUtil.retain(msg));
        }
    }

    static Object decodeLine(ByteBuf line, long blockLength, boolean blockRejected) {
        int end = line.writerIndex();
        int verbStart = MemcachedTokens.skipSpaces(line, line.readerIndex(), end);
        int verbEnd = MemcachedTokens.tokenEnd(line, verbStart, end);
        String verb = verbStart < end ? MemcachedTokens.verb(line, verbStart, verbEnd) : null;
        if (verb == null) {
            return new MemcachedRejected(Failure.UNKNOWN_COMMAND, "", blockLength >= 0);
        }
        List<String> args = args(line, verbEnd, end);
        if (blockRejected) {
            // The handler checks the line first and answers SERVER_ERROR object too large for cache, as memcached.
            return MemcachedRequest.withSkippedBody(verb, args);
        }
        return blockLength >= 0 ? MemcachedRequest.withBody(verb, args, blockLength) : MemcachedRequest.of(verb, args);
    }

    /**
     * Returns the tokens after the verb as an immutable list, which {@code MemcachedRequest} keeps without copying:
     * {@code List.of} of one or two elements needs no array, longer ones one array of the exact size.
     */
    private static List<String> args(ByteBuf line, int from, int end) {
        int first = MemcachedTokens.skipSpaces(line, from, end);
        if (first == end) {
            return List.of();
        }
        int firstEnd = MemcachedTokens.tokenEnd(line, first, end);
        int second = MemcachedTokens.skipSpaces(line, firstEnd, end);
        if (second == end) {
            return List.of(MemcachedTokens.token(line, first, firstEnd));
        }
        String[] tokens = new String[1 + MemcachedTokens.count(line, second, end)];
        int i = first;
        for (int t = 0; t < tokens.length; t++) {
            int tokenEnd = MemcachedTokens.tokenEnd(line, i, end);
            tokens[t] = MemcachedTokens.token(line, i, tokenEnd);
            i = MemcachedTokens.skipSpaces(line, tokenEnd, end);
        }
        return List.of(tokens);
    }
}
