package dev.parley.bench.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of a benchmark pipeline: counts what reaches it and releases it, so that no message piles up in
 * {@code EmbeddedChannel}'s queues and nothing leaks. The count is returned by the benchmark method, so the JIT cannot
 * drop the work that produced it.
 */
final class Sink {

    private Sink() {
    }

    /** Counts and releases inbound messages; goes last in the pipeline. */
    static final class Inbound extends ChannelInboundHandlerAdapter {
        private long messages;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages++;
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // A read batch ends here; nothing to flush.
        }

        long messages() {
            return messages;
        }
    }

    /** Counts and releases outbound messages (the encoded replies); goes first, at the head side of an encoder. */
    static final class Outbound extends ChannelOutboundHandlerAdapter {
        private long messages;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            messages++;
            ReferenceCountUtil.release(msg);
        }

        long messages() {
            return messages;
        }
    }
}
