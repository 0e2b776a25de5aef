package dev.parley.codec.text;

import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Client side: turns framed lines into {@link ParleyReply}s. Goes right after the framing stage.
 *
 * <p>Input: {@link LineFrame}, plain {@code ByteBuf} lines and block chunks (passed through unchanged, after their
 * {@code OK}). Output: {@link ParleyReply}. Anything that is not a reply line (an unknown first word, a malformed
 * code, an oversized line or body) raises {@link ParleyProtocolException}: the stream can no longer be trusted.
 * Blank lines produce nothing. Stateless and sharable.
 */
@Sharable
public final class ParleyReplyDecoder extends MessageToMessageDecoder<Object> {

    /** The shared instance. */
    public static final ParleyReplyDecoder INSTANCE = new ParleyReplyDecoder();

    /** Creates a decoder; {@link #INSTANCE} serves every channel. */
    public ParleyReplyDecoder() {
        super(Object.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof LineFrame) {
            LineFrame frame = (LineFrame) msg;
            if (frame.blockRejected()) {
                throw new ParleyProtocolException("reply body length: " + frame.blockLength()
                        + " (over the maximum)");
            }
            ParleyReply reply = decodeLine(frame.content(), frame.blockLength());
            if (reply != null) {
                out.add(reply);
            }
        } else if (msg instanceof ByteBuf) {
            ParleyReply reply = decodeLine((ByteBuf) msg, -1);
            if (reply != null) {
                out.add(reply);
            }
        } else if (msg instanceof OversizedLine) {
            throw new ParleyProtocolException("reply " + ((OversizedLine) msg).message());
        } else {
            out.add(ReferenceCountUtil.retain(msg));
        }
    }

    /**
     * Parses one reply line.
     *
     * @param line the line without its delimiter; not modified
     * @param blockLength the announced body length, or {@code -1}
     * @return the reply, or {@code null} for a blank line
     * @throws ParleyProtocolException if the line is not a reply
     */
    static ParleyReply decodeLine(ByteBuf line, long blockLength) {
        List<String> tokens;
        try {
            tokens = ParleyText.tokenize(line);
        } catch (MalformedLineException e) {
            throw new ParleyProtocolException("malformed reply line: " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            if (blockLength >= 0) {
                throw new ParleyProtocolException("body announced on a line without a reply");
            }
            return null;
        }
        String first = tokens.get(0);
        switch (first) {
            case "OK":
                if (blockLength >= 0) {
                    tokens.remove(tokens.size() - 1);
                }
                return ParleyReply.decoded(ParleyReply.Kind.OK,
                        List.copyOf(tokens.subList(1, tokens.size())), null, "", blockLength);
            case "ERR":
            case "BYE":
                if (blockLength >= 0) {
                    throw new ParleyProtocolException(first + " must not announce a body");
                }
                if (tokens.size() < 2 || !ErrorCode.isValidName(tokens.get(1))) {
                    throw new ParleyProtocolException(first + " without a valid error code: "
                            + (tokens.size() < 2 ? "(none)" : ParleyText.quote(tokens.get(1))));
                }
                int messageStart = ParleyText.skipToken(line, ParleyText.skipToken(line, skipBlank(line)));
                String message;
                try {
                    message = ParleyText.utf8(line, messageStart, line.writerIndex() - messageStart).stripTrailing();
                } catch (MalformedLineException e) {
                    throw new ParleyProtocolException("malformed reply line: " + e.getMessage());
                }
                return ParleyReply.decoded(first.equals("ERR") ? ParleyReply.Kind.ERR : ParleyReply.Kind.BYE,
                        List.of(), ErrorCode.of(tokens.get(1)), message, -1);
            case "HELLO":
                if (blockLength >= 0) {
                    throw new ParleyProtocolException("HELLO must not announce a body");
                }
                return ParleyReply.decoded(ParleyReply.Kind.HELLO,
                        List.copyOf(tokens.subList(1, tokens.size())), null, "", -1);
            default:
                throw new ParleyProtocolException("expected OK, ERR, BYE or HELLO but got: "
                        + ParleyText.quote(first.length() > 64 ? first.substring(0, 64) + "..." : first));
        }
    }

    private static int skipBlank(ByteBuf line) {
        int i = line.readerIndex();
        while (i < line.writerIndex() && (line.getByte(i) == ' ' || line.getByte(i) == '\t')) {
            i++;
        }
        return i;
    }
}
