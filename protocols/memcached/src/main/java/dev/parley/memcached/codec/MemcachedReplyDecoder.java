package dev.parley.memcached.codec;

import dev.parley.codec.framing.LineFrame;
import dev.parley.codec.framing.OversizedLine;
import dev.parley.codec.text.ParleyProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Client side: turns the framing's reply lines into {@link MemcachedReplyLine}s; the data blocks of {@code VALUE}
 * lines pass through as {@link dev.parley.codec.framing.BlockChunk}s. An oversized line, or a {@code VALUE} block over
 * the limit, breaks the stream: it raises {@link ParleyProtocolException} so the session reconnects. Sharable.
 */
@Sharable
public final class MemcachedReplyDecoder extends MessageToMessageDecoder<Object> {

    /** The shared instance. */
    public static final MemcachedReplyDecoder INSTANCE = new MemcachedReplyDecoder();

    private MemcachedReplyDecoder() {
        super(Object.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof LineFrame) {
            LineFrame frame = (LineFrame) msg;
            if (frame.blockRejected()) {
                throw new ParleyProtocolException("value length: " + frame.blockLength() + " (over the limit)");
            }
            out.add(new MemcachedReplyLine(frame.content().toString(StandardCharsets.ISO_8859_1),
                    frame.blockLength()));
        } else if (msg instanceof ByteBuf) {
            // A line that announces no block comes from the framing as a plain slice.
            out.add(new MemcachedReplyLine(((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1), -1));
        } else if (msg instanceof OversizedLine) {
            throw new ParleyProtocolException("reply line too long: " + msg);
        } else {
            out.add(ReferenceCountUtil.retain(msg));
        }
    }
}
