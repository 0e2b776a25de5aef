package dev.parley.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * The floor of the comparison: the smallest sensible Netty server for a line protocol. Frames lines, answers every
 * line with one fixed line from a shared buffer and flushes once per read batch.
 */
final class FloorServer {

    private static final ByteBuf REPLY = Unpooled.unreleasableBuffer(Unpooled.directBuffer(8)
            .writeBytes("OK pong\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private FloorServer() {
    }

    static Channel start(EventLoopGroup group, Class<? extends ServerChannel> type) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(8192), Answer.INSTANCE);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    @Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        static final Answer INSTANCE = new Answer();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.write(REPLY.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
