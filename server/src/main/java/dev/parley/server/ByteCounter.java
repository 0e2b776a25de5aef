package dev.parley.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * Reports the bytes a connection reads and writes to the server's observer. First in the pipeline (before TLS), so
 * it counts what crosses the socket; installed only when an observer is set. Passes everything on unchanged.
 */
final class ByteCounter extends ChannelDuplexHandler {

    /** Name of the handler in the pipeline. */
    static final String NAME = "parley-bytes";

    private final Observing observing;
    private final SessionHandler session;

    ByteCounter(Observing observing, SessionHandler session) {
        this.observing = observing;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long n = size(msg);
        if (n > 0) {
            observing.bytesRead(session.session(), n);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long n = size(msg);
        if (n > 0) {
            observing.bytesWritten(session.session(), n);
        }
        ctx.write(msg, promise);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf) {
            return ((ByteBuf) msg).readableBytes();
        }
        if (msg instanceof ByteBufHolder) {
            return ((ByteBufHolder) msg).content().readableBytes();
        }
        if (msg instanceof FileRegion) {
            return ((FileRegion) msg).count() - ((FileRegion) msg).transferred();
        }
        return 0;
    }
}
