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

/**
 * Logs every frame in and out on the {@code parley.wire} logger at TRACE: {@code [conn] < line} for inbound
 * lines, {@code [conn] > bytes} for outbound buffers, non-printable bytes escaped as {@code \xHH}, raw blocks and
 * large buffers summarised by length plus the first {@value #PREFIX} bytes. Placed right after the framing stage by
 * {@link ParleyPipeline}, only when the logger is enabled, so it costs nothing otherwise. Sharable.
 */
@Sharable
public final class WireTraceHandler extends ChannelDuplexHandler {

    /** The logger's name. */
    public static final String LOGGER_NAME = "parley.wire";
    /** Bytes shown of a raw block or a large buffer. */
    public static final int PREFIX = 64;
    /** Outbound buffers up to this size are shown whole. */
    public static final int WHOLE = 512;

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
            return escape(((LineFrame) msg).content(), Integer.MAX_VALUE);
        }
        if (msg instanceof BlockChunk) {
            BlockChunk c = (BlockChunk) msg;
            return "[block chunk " + c.content().readableBytes() + " bytes" + (c.isLast() ? ", last" : "") + "] "
                    + escape(c.content(), PREFIX);
        }
        if (msg instanceof ByteBuf) {
            return escape((ByteBuf) msg, Integer.MAX_VALUE);
        }
        return String.valueOf(msg);
    }

    static String describeOutbound(Object msg) {
        ByteBuf buf = msg instanceof ByteBuf ? (ByteBuf) msg
                : msg instanceof ByteBufHolder ? ((ByteBufHolder) msg).content() : null;
        if (buf != null) {
            int n = buf.readableBytes();
            return n <= WHOLE ? escape(buf, n) : "[" + n + " bytes] " + escape(buf, PREFIX);
        }
        if (msg instanceof FileRegion) {
            return "[file region " + ((FileRegion) msg).count() + " bytes]";
        }
        return String.valueOf(msg);
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
