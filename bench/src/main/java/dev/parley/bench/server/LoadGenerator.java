package dev.parley.bench.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load: each connection keeps {@code depth} requests (one fixed line, {@code ping} or another) outstanding
 * and sends one more for every reply line it reads. Counts reply lines.
 */
final class LoadGenerator {

    private final ByteBuf request;
    private final LongAdder replies = new LongAdder();
    private final List<Channel> channels = new ArrayList<>();

    LoadGenerator(EventLoopGroup group, Class<? extends Channel> type, InetSocketAddress server, int connections,
                  int depth, String line) throws InterruptedException {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        this.request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)
                .asReadOnly());
        Bootstrap b = new Bootstrap().group(group).channel(type).option(ChannelOption.TCP_NODELAY, true)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Pinger(depth));
                    }
                });
        for (int i = 0; i < connections; i++) {
            channels.add(b.connect(server).sync().channel());
        }
    }

    /** One connection's closed loop. */
    private final class Pinger extends ChannelInboundHandlerAdapter {
        private final int depth;

        Pinger(int depth) {
            this.depth = depth;
        }

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        for (int i = 0; i < depth; i++) {
                            ctx.write(request.duplicate(), ctx.voidPromise());
                        }
                        ctx.flush();
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        int lines = 0;
                        int i = buf.readerIndex();
                        int end = buf.writerIndex();
                        while (i < end && (i = buf.indexOf(i, end, (byte) '\n')) >= 0) {
                            lines++;
                            i++;
                        }
                        buf.release();
                        replies.add(lines);
                        for (int j = 0; j < lines; j++) {
                            ctx.write(request.duplicate(), ctx.voidPromise());
                        }
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        ctx.flush();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
    }

    long replies() {
        return replies.sum();
    }

    void close() throws InterruptedException {
        for (Channel c : channels) {
            c.close().sync();
        }
    }
}
