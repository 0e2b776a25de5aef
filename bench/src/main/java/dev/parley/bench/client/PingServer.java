package dev.parley.bench.client;

import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyRequest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A minimal in-process Parley text server for the client benchmark: greets, answers every {@code ping} with
 * {@code OK pong}, flushes once per read batch. It stands in for the real server while that is being built; it
 * uses the same shared pipeline assembly, so framing and codec costs are the real ones.
 */
final class PingServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;

    PingServer(int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
        channel = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER);
                        ch.pipeline().addLast(Answer.INSTANCE);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        static final Answer INSTANCE = new Answer();
        private static final ParleyReply HELLO = ParleyReply.hello("bench", Map.of());

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(HELLO);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ParleyRequest && ((ParleyRequest) msg).verb().equals("ping")) {
                    ctx.write(ParleyReply.PONG, ctx.voidPromise());
                } else {
                    ctx.write(ParleyReply.error(dev.parley.codec.text.ErrorCode.UNKNOWN_COMMAND, "ping only"),
                            ctx.voidPromise());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
