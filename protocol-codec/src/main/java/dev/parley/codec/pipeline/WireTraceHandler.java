package dev.parley.codec.pipeline;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.LineFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Logs every frame in and out on the {@code parley.wire} logger at TRACE: {@code [conn] < line} for inbound
 * lines, {@code [conn] > bytes} for outbound buffers, non-printable bytes escaped as {@code \xHH}, raw blocks and
 * large buffers summarised by length plus the first {@value #PREFIX} bytes. Placed right after the framing stage by
 * {@link ParleyPipeline}, only when the logger is enabled, so it costs nothing otherwise. Sharable.
 *
 * <p>Secrets are not logged: a line (in or out) whose verb is {@value #REDACTED_VERB}, in any case, shows as the
 * verb followed by {@code ***}, whatever its arguments ({@code auth ***}). A body announced by such a line is still
 * summarised like any block. Bytes written as {@link SensitiveBytes} are redacted the same way whatever they say:
 * this handler is the one place where redaction happens.
 */
@Sharable
public final class WireTraceHandler extends ChannelDuplexHandler {

    /** The logger's name. */
    public static final String LOGGER_NAME = "parley.wire";
    /** Bytes shown of a raw block or a large buffer. */
    public static final int PREFIX = 64;
    /** Outbound buffers up to this size are shown whole. */
    public static final int WHOLE = 512;
    /** The verb whose lines are logged without their arguments, as {@code auth ***}. */
    public static final String REDACTED_VERB = "auth";
    /** What stands in for the arguments of a redacted line. */
    public static final String REDACTION = "***";

    static final WireTraceHandler INSTANCE = new WireTraceHandler();
    private static final Logger WIRE = LoggerFactory.getLogger(LOGGER_NAME);

    private WireTraceHandler() {
    }

    /** @return whether the wire logger has TRACE enabled */
    public static boolean enabled() {
        return WIRE.isTraceEnabled();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("[{}] < {}", ctx.channel().id().asShortText(), describeInbound(msg));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("[{}] > {}", ctx.channel().id().asShortText(), describeOutbound(msg));
        }
        ctx.write(msg, promise);
    }

    static String describeInbound(Object msg) {
        if (msg instanceof LineFrame) {
            return line(((LineFrame) msg).content(), Integer.MAX_VALUE);
        }
        if (msg instanceof BlockChunk) {
            BlockChunk c = (BlockChunk) msg;
            return "[block chunk " + c.content().readableBytes() + " bytes" + (c.isLast() ? ", last" : "") + "] "
                    + escape(c.content(), PREFIX);
        }
        if (msg instanceof ByteBuf) {
            return line((ByteBuf) msg, Integer.MAX_VALUE);
        }
        return String.valueOf(msg);
    }

    static String describeOutbound(Object msg) {
        ByteBuf buf = msg instanceof ByteBuf ? (ByteBuf) msg
                : msg instanceof ByteBufHolder ? ((ByteBufHolder) msg).content() : null;
        if (buf != null) {
            int n = buf.readableBytes();
            String redacted = redacted(buf);
            if (redacted == null && msg instanceof SensitiveBytes) {
                return "[sensitive, " + n + " bytes] " + REDACTION;
            }
            if (redacted != null) {
                return redacted;
            }
            return n <= WHOLE ? escape(buf, n) : "[" + n + " bytes] " + escape(buf, PREFIX);
        }
        if (msg instanceof FileRegion) {
            return "[file region " + ((FileRegion) msg).count() + " bytes]";
        }
        return String.valueOf(msg);
    }

    private static String line(ByteBuf buf, int max) {
        String redacted = redacted(buf);
        return redacted != null ? redacted : escape(buf, max);
    }

    /**
     * Returns the redacted form of a line whose verb is {@link #REDACTED_VERB}: the verb as sent, a space and
     * {@link #REDACTION}.
     *
     * @param buf the line (or an outbound buffer starting with one), from reader to writer index; not modified
     * @return the redacted text, or {@code null} when the verb is another one
     */
    static String redacted(ByteBuf buf) {
        int end = buf.writerIndex();
        int start = buf.readerIndex();
        while (start < end && isSeparator(buf.getByte(start))) {
            start++;
        }
        int n = REDACTED_VERB.length();
        if (end - start < n) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            int b = buf.getByte(start + i);
            if ((b | 0x20) != REDACTED_VERB.charAt(i)) {
                return null;
            }
        }
        if (start + n < end) {
            byte next = buf.getByte(start + n);
            if (!isSeparator(next) && next != '\r' && next != '\n') {
                return null;
            }
        }
        return buf.toString(start, n, StandardCharsets.US_ASCII) + ' ' + REDACTION;
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t';
    }

    /**
     * Returns bytes as text: printable ASCII as is, everything else as {@code \xHH}.
     *
     * @param buf the bytes, from reader to writer index; not modified
     * @param max the most bytes to show; an ellipsis marks the cut
     * @return the escaped text
     */
    public static String escape(ByteBuf buf, int max) {
        int n = Math.min(max, buf.readableBytes());
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            int b = buf.getByte(buf.readerIndex() + i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append("\\x").append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        if (n < buf.readableBytes()) {
            sb.append("...");
        }
        return sb.toString();
    }
}
