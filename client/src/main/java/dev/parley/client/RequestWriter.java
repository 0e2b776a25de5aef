package dev.parley.client;

import dev.parley.client.spi.ClientProtocol;
import dev.parley.codec.pipeline.SensitiveBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * The outbound side of a {@link Connection}: request lines, bodies and their trailer, written without flushing.
 *
 * <p>Pipelined request lines without a body are encoded straight into one batch buffer
 * ({@link ClientProtocol#encodeInto}) that {@link #flush()} writes once, so a batch of requests costs one
 * pipeline write and one outbound entry instead of one per request (the wire trace logs the batch as it is written),
 * except for protocols that encode through their pipeline only. Requests with a body and sensitive requests are
 * written on their own, after the batch so far, keeping order; a sensitive one as {@link SensitiveBytes}, which the
 * wire trace redacts.
 * Event loop only.
 */
final class RequestWriter {

    private static final int BATCH_INITIAL_CAPACITY = 512;

    private final Connection connection;
    private final boolean tls;
    private final byte[] bodyTrailer;
    private ByteBuf batch;

    RequestWriter(Connection connection, boolean tls, byte[] bodyTrailer) {
        this.connection = connection;
        this.tls = tls;
        this.bodyTrailer = bodyTrailer;
    }

    /**
     * Opens a request's body for one attempt.
     *
     * @return a {@code ByteBuf}, {@code FileRegion} or {@code ChunkedInput} the writer will own, or {@code null}
     * @throws IOException if the body cannot be read
     */
    Object openBody(Request r) throws IOException {
        return r.body() == null ? null : r.body().newMessage(tls);
    }

    /** Writes a request line and its opened body, without flushing. */
    void write(Call call, Object body) {
        Request r = call.request;
        ChannelHandlerContext ctx = connection.ctx;
        if (body == null && !r.isSensitive() && encodeIntoBatch(ctx, r)) {
            return;
        }
        writeBatch(ctx);
        if (r.isSensitive()) {
            writeSensitive(ctx, r);
        } else {
            ctx.write(connection.session.protocol().encode(r), ctx.voidPromise());
        }
        if (body != null) {
            writeBody(ctx, call, body);
        }
    }

    /** Writes the batch, if any, and flushes. */
    void flush() {
        ChannelHandlerContext ctx = connection.ctx;
        writeBatch(ctx);
        ctx.flush();
    }

    /** Releases an unwritten batch; the connection is closing. */
    void discard() {
        ByteBuf b = batch;
        batch = null;
        ReferenceCountUtil.release(b);
    }

    private boolean encodeIntoBatch(ChannelHandlerContext ctx, Request r) {
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(BATCH_INITIAL_CAPACITY);
        }
        int mark = batch.writerIndex();
        try {
            return connection.session.protocol().encodeInto(r, batch);
        } catch (RuntimeException e) {
            // Written on its own instead, the request fails in the pipeline's encoder as it always did.
            batch.writerIndex(mark);
            return false;
        }
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        ByteBuf b = batch;
        if (b == null) {
            return;
        }
        batch = null;
        if (b.isReadable()) {
            ctx.write(b, ctx.voidPromise());
        } else {
            b.release();
        }
    }

    /**
     * Writes a sensitive request line marked as such, so that the wire trace redacts it; a protocol that encodes only
     * through its pipeline has its line written as usual (the trace redacts {@code auth} lines by their verb).
     */
    private void writeSensitive(ChannelHandlerContext ctx, Request r) {
        ByteBuf own = ctx.alloc().ioBuffer(BATCH_INITIAL_CAPACITY);
        boolean encoded;
        try {
            encoded = connection.session.protocol().encodeInto(r, own);
        } catch (RuntimeException e) {
            encoded = false;
        }
        if (encoded) {
            ctx.write(SensitiveBytes.wrap(own), ctx.voidPromise());
        } else {
            own.release();
            ctx.write(connection.session.protocol().encode(r), ctx.voidPromise());
        }
    }

    private void writeBody(ChannelHandlerContext ctx, Call call, Object body) {
        ProgressListener listener = call.request.progressListener();
        if (listener == null) {
            ctx.write(body, ctx.voidPromise());
        } else {
            long total = call.request.body().length();
            ChannelProgressivePromise promise = ctx.newProgressivePromise();
            promise.addListener(new ChannelProgressiveFutureListener() {
                @Override
                public void operationProgressed(ChannelProgressiveFuture f, long progress, long t) {
                    listener.onBytesSent(progress, total);
                }

                @Override
                public void operationComplete(ChannelProgressiveFuture f) {
                    if (f.isSuccess()) {
                        listener.onBytesSent(total, total);
                    } else {
                        ctx.fireExceptionCaught(f.cause());
                    }
                }
            });
            ctx.write(body, promise);
        }
        if (bodyTrailer.length > 0) {
            ctx.write(Unpooled.wrappedBuffer(bodyTrailer), ctx.voidPromise());
        }
    }
}
