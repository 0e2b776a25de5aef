package dev.parley.codec.text;

import dev.parley.codec.framing.InlineDecoder;
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
 * <p>It is also an {@link InlineDecoder}: {@link dev.parley.codec.pipeline.ParleyTextCodec} has the server's framing
 * stage run it on each frame, so that requests reach the session in one pipeline hop and a plain line is decoded
 * where it lies in the read buffer.
 *
 * @see <a href="../../../../../../../docs/PROTOCOL.md">docs/PROTOCOL.md</a>
 */
@Sharable
public final class ParleyRequestDecoder extends ChannelInboundHandlerAdapter implements InlineDecoder {

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
        } else {
            try {
                decoded = decodeFrame(msg);
            } catch (RuntimeException e) {
                throw new DecoderException(e);
            }
        }
        if (decoded != null) {
            ctx.fireChannelRead(decoded);
        }
    }

    /**
     * Decodes a line that announces no body where it lies, as {@link #channelRead} decodes a plain line; for use
     * inside the framing stage (see {@link InlineDecoder}).
     *
     * @return a {@link ParleyRequest}, a {@link MalformedRequest}, or {@code null} for a blank line
     */
    @Override
    public Object decodeLine(ByteBuf buf, int index, int length) {
        ParleyRequest plain = PlainRequestLines.decode(buf, index, length);
        return plain != null ? plain : decodeLine(buf.slice(index, length), -1, false);
    }

    /**
     * Decodes a {@link LineFrame} or an {@link OversizedLine} as {@link #channelRead} does, and returns any other
     * message (block chunks) unchanged. Releases the frame it decodes.
     *
     * @return a {@link ParleyRequest}, a {@link MalformedRequest}, the message itself, or {@code null} for a blank
     *         line
     */
    @Override
    public Object decodeFrame(Object frame) {
        if (frame instanceof LineFrame) {
            LineFrame line = (LineFrame) frame;
            try {
                return decodeLine(line.content(), line.blockLength(), line.blockRejected());
            } finally {
                line.release();
            }
        }
        if (frame instanceof OversizedLine) {
            return new MalformedRequest(ErrorCode.TOO_LONG, ((OversizedLine) frame).message(), false);
        }
        return frame;
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
            ParleyRequest plain = PlainRequestLines.decode(line, line.readerIndex(), line.readableBytes());
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
