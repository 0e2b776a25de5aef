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
 * line with one fixed line from a shared buffer, whatever the line says, and flushes once per read batch.
 */
final class FloorServer {

    private FloorServer() {
    }

    /** Starts a floor server answering every line with {@code reply} (LF included). */
    static Channel start(EventLoopGroup group, Class<? extends ServerChannel> type, String reply)
            throws InterruptedException {
        byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
        ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)
                .asReadOnly());
        return new ServerBootstrap().group(group).channel(type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(8192), new Answer(shared));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    @Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final ByteBuf reply;

        Answer(ByteBuf reply) {
            this.reply = reply;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.write(reply.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
