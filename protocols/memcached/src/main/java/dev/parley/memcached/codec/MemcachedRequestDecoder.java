package dev.parley.memcached.codec;

import dev.parley.codec.framing.InlineDecoder;
import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import dev.parley.codec.spi.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;

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
 *
 * <p>It is also an {@link InlineDecoder}: {@link MemcachedServerCodec} has the framing stage run it on each frame, so
 * that a command reaches the session in one pipeline hop and a line without a data block is decoded where it lies in
 * the read buffer, without a frame or a slice of its own.
 */
@Sharable
public final class MemcachedRequestDecoder extends ChannelInboundHandlerAdapter implements InlineDecoder {

    /** The shared instance. */
    public static final MemcachedRequestDecoder INSTANCE = new MemcachedRequestDecoder();

    private MemcachedRequestDecoder() {
    }

    /** Decodes a frame passed on by a framing stage that does not run this decoder itself (with the wire trace on). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Object decoded;
        try {
            if (msg instanceof ByteBuf) {
                ByteBuf line = (ByteBuf) msg;
                try {
                    decoded = decodeLine(line, line.readerIndex(), line.writerIndex(), -1, false);
                } finally {
                    line.release();
                }
            } else {
                decoded = decodeFrame(msg);
            }
        } catch (RuntimeException e) {
            throw new DecoderException(e);
        }
        ctx.fireChannelRead(decoded);
    }

    /**
     * Decodes a command line without a data block where it lies in the read buffer.
     *
     * @return a {@link MemcachedRequest} or a {@link MemcachedRejected}
     */
    @Override
    public Object decodeLine(ByteBuf buf, int index, int length) {
        return decodeLine(buf, index, index + length, -1, false);
    }

    /**
     * Decodes a line that announces a data block ({@link LineFrame}, released here) or an {@link OversizedLine}, and
     * passes the data block's chunks on unchanged.
     *
     * @return a {@link MemcachedRequest}, a {@link MemcachedRejected} or the frame itself
     */
    @Override
    public Object decodeFrame(Object frame) {
        if (frame instanceof LineFrame) {
            LineFrame line = (LineFrame) frame;
            try {
                ByteBuf content = line.content();
                return decodeLine(content, content.readerIndex(), content.writerIndex(), line.blockLength(),
                        line.blockRejected());
            } finally {
                line.release();
            }
        }
        if (frame instanceof OversizedLine) {
            return new MemcachedRejected(Failure.TOO_LONG, "line too long", false);
        }
        return frame;
    }

    private static Object decodeLine(ByteBuf line, int start, int end, long blockLength, boolean blockRejected) {
        int verbStart = MemcachedTokens.skipSpaces(line, start, end);
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
