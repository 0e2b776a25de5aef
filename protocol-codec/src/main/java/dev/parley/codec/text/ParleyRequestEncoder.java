package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Client side: writes a {@link ParleyRequest} as one line ending in LF, arguments quoted only when needed and
 * {@code {n}} last when the request has a body. The body itself is written by the caller, after the request, as
 * {@code ByteBuf}s or a {@code FileRegion}; they pass through this encoder untouched. Stateless and sharable.
 */
@Sharable
public final class ParleyRequestEncoder extends MessageToByteEncoder<ParleyRequest> {

    /** The shared instance. */
    public static final ParleyRequestEncoder INSTANCE = new ParleyRequestEncoder();

    /** Creates an encoder; {@link #INSTANCE} serves every channel. */
    public ParleyRequestEncoder() {
        super(ParleyRequest.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ParleyRequest msg, boolean preferDirect) {
        int estimate = msg.verb().length() + 24;
        for (String a : msg.args()) {
            estimate += a.length() + 3;
        }
        return preferDirect ? ctx.alloc().ioBuffer(estimate) : ctx.alloc().heapBuffer(estimate);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ParleyRequest msg, ByteBuf out) {
        encode(msg, out);
    }

    /**
     * Writes the request line, LF included.
     *
     * @param msg the request
     * @param out the buffer to write to
     */
    public static void encode(ParleyRequest msg, ByteBuf out) {
        out.writeCharSequence(msg.verb(), java.nio.charset.StandardCharsets.US_ASCII);
        for (String a : msg.args()) {
            out.writeByte(' ');
            ParleyText.writeArg(out, a);
        }
        if (msg.hasBody()) {
            out.writeByte(' ').writeByte('{');
            out.writeCharSequence(Long.toString(msg.bodyLength()), java.nio.charset.StandardCharsets.US_ASCII);
            out.writeByte('}');
        }
        out.writeByte('\n');
    }
}
