package dev.parley.codec.spi;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;

import java.util.Objects;

/**
 * Encodes a protocol's messages of one type into bytes, gathering the messages written with a void promise into one
 * buffer until {@code flush()} (or {@value #MAX_BATCH} bytes): a pipelined burst of replies costs one write and one
 * outbound entry, not one per message. Any other message (a body buffer, a file region) first writes out what is
 * gathered, so the order on the wire is unchanged; a message written with a real promise is encoded into a buffer of
 * its own that completes that promise. One instance per channel (it holds the batch); it sits right before the
 * handler that writes the messages, as any encoder does.
 *
 * <p>A message that cannot be encoded leaves nothing of itself in the batch: a batched one fires an
 * {@link EncoderException} down the pipeline, one with a promise fails it.
 *
 * @param <T> the messages this encoder writes
 */
public abstract class BatchingEncoder<T> extends ChannelOutboundHandlerAdapter {

    /** Bytes gathered before they are written out even without a flush. */
    public static final int MAX_BATCH = 16 * 1024;
    private static final int INITIAL_BATCH = 512;

    private final Class<? extends T> type;
    private ByteBuf batch;

    /**
     * Creates an encoder of one message type.
     *
     * @param type the messages to encode; others pass through
     */
    protected BatchingEncoder(Class<? extends T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Writes one message's bytes.
     *
     * @param msg the message
     * @param out the buffer to append to; it grows as needed
     * @throws Exception if the message cannot be encoded; what it wrote is discarded
     */
    protected abstract void encodeInto(T msg, ByteBuf out) throws Exception;

    /**
     * Returns about how many bytes a message takes, to size the buffer of a message written on its own.
     *
     * @param msg the message
     * @return an estimate; the buffer grows if it is short. Default: 64
     */
    protected int estimateSize(T msg) {
        return 64;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!type.isInstance(msg)) {
            writeBatch(ctx);
            ctx.write(msg, promise);
            return;
        }
        @SuppressWarnings("unchecked")
        T m = (T) msg;
        if (promise.isVoid()) {
            ByteBuf b = batch;
            if (b == null) {
                b = batch = ctx.alloc().ioBuffer(INITIAL_BATCH);
            }
            int mark = b.writerIndex();
            try {
                encodeInto(m, b);
            } catch (Exception e) {
                b.writerIndex(mark);
                ctx.fireExceptionCaught(e instanceof EncoderException ? e : new EncoderException(e));
                return;
            } finally {
                ReferenceCountUtil.release(m);
            }
            if (b.readableBytes() >= MAX_BATCH) {
                writeBatch(ctx);
            }
            return;
        }
        writeBatch(ctx);
        ByteBuf own = ctx.alloc().ioBuffer(estimateSize(m));
        try {
            encodeInto(m, own);
        } catch (Exception e) {
            own.release();
            promise.setFailure(e instanceof EncoderException ? e : new EncoderException(e));
            return;
        } finally {
            ReferenceCountUtil.release(m);
        }
        ctx.write(own, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writeBatch(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf b = batch;
        batch = null;
        ReferenceCountUtil.release(b);
    }

    /** @return bytes gathered and not yet written on (diagnostics and tests) */
    public int batchedBytes() {
        ByteBuf b = batch;
        return b == null ? 0 : b.readableBytes();
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        ByteBuf b = batch;
        if (b != null) {
            batch = null;
            if (b.isReadable()) {
                ctx.write(b, ctx.voidPromise());
            } else {
                b.release();
            }
        }
    }
}
