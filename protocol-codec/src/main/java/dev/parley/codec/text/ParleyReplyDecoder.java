package dev.parley.codec.text;

import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Client side: turns framed lines into {@link ParleyReply}s. Goes right after the framing stage.
 *
 * <p>Input: {@link LineFrame}, plain {@code ByteBuf} lines and block chunks (passed through unchanged, after their
 * {@code OK}). The message of {@code ERR} and {@code BYE} is free text to the end of the line, quotes and backslashes
 * included; the arguments of {@code OK} and {@code HELLO} are tokens. Output: {@link ParleyReply}. Anything that is not
 * a reply line (an unknown first word, a malformed code, an oversized line or body) raises
 * {@link ParleyProtocolException}: the stream can no longer be trusted. Blank lines produce nothing. Stateless and
 * sharable.
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
        int start = skipBlank(line);
        int firstEnd = ParleyText.skipToken(line, start);
        while (firstEnd > start && isSeparator(line.getByte(firstEnd - 1))) {
            firstEnd--;
        }
        if (isWord(line, start, firstEnd, "ERR") || isWord(line, start, firstEnd, "BYE")) {
            // The message is free text to the end of the line: it is not split into tokens.
            return decodeError(line, start, firstEnd, blockLength);
        }
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

    /** {@code ERR|BYE <CODE> [<message>]}: the code is a bare word, the message the raw rest of the line. */
    private static ParleyReply decodeError(ByteBuf line, int start, int firstEnd, long blockLength) {
        String first = line.toString(start, firstEnd - start, StandardCharsets.US_ASCII);
        if (blockLength >= 0) {
            throw new ParleyProtocolException(first + " must not announce a body");
        }
        int codeStart = ParleyText.skipToken(line, start);
        int messageStart = ParleyText.skipToken(line, codeStart);
        int codeEnd = messageStart;
        while (codeEnd > codeStart && isSeparator(line.getByte(codeEnd - 1))) {
            codeEnd--;
        }
        String code = line.toString(codeStart, codeEnd - codeStart, StandardCharsets.ISO_8859_1);
        if (!ErrorCode.isValidName(code)) {
            throw new ParleyProtocolException(first + " without a valid error code: "
                    + (code.isEmpty() ? "(none)" : ParleyText.quote(code.length() > 64 ? code.substring(0, 64)
                    + "..." : code)));
        }
        String message;
        try {
            message = ParleyText.utf8(line, messageStart, line.writerIndex() - messageStart).stripTrailing();
        } catch (MalformedLineException e) {
            throw new ParleyProtocolException("malformed reply line: " + e.getMessage());
        }
        return ParleyReply.decoded(first.equals("ERR") ? ParleyReply.Kind.ERR : ParleyReply.Kind.BYE,
                List.of(), ErrorCode.of(code), message, -1);
    }

    private static boolean isWord(ByteBuf line, int start, int end, String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (line.getByte(start + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t';
    }

    private static int skipBlank(ByteBuf line) {
        int i = line.readerIndex();
        while (i < line.writerIndex() && (line.getByte(i) == ' ' || line.getByte(i) == '\t')) {
            i++;
        }
        return i;
    }
}
