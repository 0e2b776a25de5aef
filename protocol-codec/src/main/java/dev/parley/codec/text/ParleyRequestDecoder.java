package dev.parley.codec.text;

import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;

import java.util.List;
import java.util.Locale;

/**
 * Server side: turns framed lines into {@link ParleyRequest}s. Goes right after the framing stage (a
 * {@link dev.parley.codec.framing.FrameDecoder}, or Netty's own line decoders for protocols without raw blocks).
 *
 * <p>Input: {@link LineFrame}, plain {@code ByteBuf} lines, {@link OversizedLine}, and block chunks (passed through
 * unchanged, after their request). Output: {@link ParleyRequest}, or {@link MalformedRequest} for a line that
 * cannot be served ({@code BAD_REQUEST} for bad syntax or invalid UTF-8, {@code TOO_LONG}, {@code TOO_LARGE}).
 * Blank lines produce nothing. The connection stays usable after every malformed request. Stateless and sharable.
 *
 * <p>Each line is decoded and passed on in the same call, without an intermediate output list. A short ASCII line
 * without quotes takes a fast path that reuses the verb's string (and, for a bare verb, the whole request) from a
 * small cache; the result is the same as through the full tokenizer.
 *
 * @see <a href="../../../../../../../docs/PROTOCOL.md">docs/PROTOCOL.md</a>
 */
@Sharable
public final class ParleyRequestDecoder extends ChannelInboundHandlerAdapter {

    /** The shared instance. */
    public static final ParleyRequestDecoder INSTANCE = new ParleyRequestDecoder();

    /** Creates a decoder; {@link #INSTANCE} serves every channel. */
    public ParleyRequestDecoder() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Object decoded;
        if (msg instanceof ByteBuf) {
            ByteBuf line = (ByteBuf) msg;
            try {
                decoded = decodeLine(line, -1, false);
            } catch (RuntimeException e) {
                throw new DecoderException(e);
            } finally {
                line.release();
            }
        } else if (msg instanceof LineFrame) {
            LineFrame frame = (LineFrame) msg;
            try {
                decoded = decodeLine(frame.content(), frame.blockLength(), frame.blockRejected());
            } catch (RuntimeException e) {
                throw new DecoderException(e);
            } finally {
                frame.release();
            }
        } else if (msg instanceof OversizedLine) {
            decoded = new MalformedRequest(ErrorCode.TOO_LONG, ((OversizedLine) msg).message(), false);
        } else {
            decoded = msg;
        }
        if (decoded != null) {
            ctx.fireChannelRead(decoded);
        }
    }

    /**
     * Parses one request line.
     *
     * @param line the line without its delimiter; not modified
     * @param blockLength the announced body length, or {@code -1}
     * @param blockRejected whether the framing discards the body as too large
     * @return a {@link ParleyRequest}, a {@link MalformedRequest}, or {@code null} for a blank line
     */
    static Object decodeLine(ByteBuf line, long blockLength, boolean blockRejected) {
        if (blockLength < 0) {
            ParleyRequest plain = PlainRequestLines.decode(line);
            if (plain != null) {
                return plain;
            }
        }
        List<String> tokens;
        try {
            tokens = ParleyText.tokenize(line);
        } catch (MalformedLineException e) {
            return new MalformedRequest(ErrorCode.BAD_REQUEST, e.getMessage(), blockLength >= 0 && !blockRejected);
        }
        if (blockRejected) {
            return new MalformedRequest(ErrorCode.TOO_LARGE, "body length: " + blockLength
                    + " (over the server's maximum; the bytes were discarded)", false);
        }
        if (blockLength >= 0) {
            tokens.remove(tokens.size() - 1);
        }
        if (tokens.isEmpty()) {
            return blockLength >= 0 ? new MalformedRequest(ErrorCode.BAD_REQUEST, "missing verb", true) : null;
        }
        String verb = tokens.get(0);
        if (!ParleyRequest.isVerb(verb)) {
            return new MalformedRequest(ErrorCode.BAD_REQUEST, "bad verb: " + ParleyText.quote(verb)
                    + " (expected: ASCII letters, digits, '_', '-', '.')", blockLength >= 0);
        }
        List<String> args = tokens.size() == 1 ? List.of() : List.copyOf(tokens.subList(1, tokens.size()));
        return ParleyRequest.decoded(verb.toLowerCase(Locale.ROOT), args, blockLength);
    }
}
