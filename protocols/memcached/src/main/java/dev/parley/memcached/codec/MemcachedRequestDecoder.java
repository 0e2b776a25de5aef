package dev.parley.memcached.codec;

import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.MalformedRequest;
import dev.parley.codec.text.ParleyRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Server side: turns memcached command lines into {@link ParleyRequest}s, so the toolkit's router serves them.
 *
 * <p>Tokens are split at spaces and decoded as ISO-8859-1, which maps every byte to one char: keys, which memcached
 * treats as bytes, survive unchanged. Verbs are case-sensitive as in memcached ({@code GET} is unknown). A storage
 * command's data block follows as {@link dev.parley.codec.framing.BlockChunk}s (its CR LF trailer is checked by the
 * framing). Emits {@link MalformedRequest} with {@code UNKNOWN_COMMAND} for an empty line or a verb that is not
 * lower case (memcached answers {@code ERROR}), {@code TOO_LONG} for an oversized line and {@code TOO_LARGE} for a
 * data block over the item size limit (its bytes are skipped). Stateless and sharable.
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
            out.add(new MalformedRequest(ErrorCode.TOO_LONG, "line too long", false));
        } else {
            out.add(ReferenceCountUtil.retain(msg));
        }
    }

    static Object decodeLine(ByteBuf line, long blockLength, boolean blockRejected) {
        if (blockRejected) {
            return new MalformedRequest(ErrorCode.TOO_LARGE, "object too large for cache", false);
        }
        List<String> tokens = new ArrayList<>(6);
        int i = line.readerIndex();
        int end = line.writerIndex();
        while (i < end) {
            while (i < end && line.getByte(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < end && line.getByte(i) != ' ') {
                i++;
            }
            if (i > start) {
                tokens.add(line.toString(start, i - start, StandardCharsets.ISO_8859_1));
            }
        }
        if (tokens.isEmpty() || !isLowerCaseVerb(tokens.get(0))) {
            return new MalformedRequest(ErrorCode.UNKNOWN_COMMAND, "", blockLength >= 0);
        }
        String verb = tokens.get(0);
        List<String> args = tokens.subList(1, tokens.size());
        return blockLength >= 0 ? ParleyRequest.withBody(verb, args, blockLength) : ParleyRequest.of(verb, args);
    }

    private static boolean isLowerCaseVerb(String verb) {
        for (int i = 0; i < verb.length(); i++) {
            char c = verb.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
