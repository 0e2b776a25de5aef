package dev.parley.bench.server;

import dev.parley.server.Greeting;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Round-trip latency percentiles beside throughput for the unpipelined shapes of {@link ServerComparison} (1 × 1 and
 * 32 × 1: connections × one outstanding {@code ping}), against {@link FloorServer} and a Parley text server set up
 * the same way (one epoll event loop for the servers, one for the load). Each connection sends {@code ping}, records
 * the time until the reply line arrives in an HdrHistogram {@link Recorder}, and sends the next. Not a test: run it
 * by hand, see {@code docs/BENCHMARKS.md}. Arguments: {@code [seconds per measurement, default 5]}.
 */
public final class LatencyProbe {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final int[] CONNECTIONS = {1, 32};
    private static final long WARM_UP_MILLIS = 1000;
    private static final long STOP_MILLIS = 200;
    private static final ByteBuf PING = Unpooled.unreleasableBuffer(Unpooled.directBuffer(5)
            .writeBytes("ping\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private LatencyProbe() {
    }

    /**
     * Runs both shapes against both servers and logs throughput and p50/p99/p99.9/max per run.
     *
     * @param args optional seconds per measurement
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        LOG.info("transport: {}, {} s per measurement after {} ms warm-up", epoll ? "epoll" : "nio", seconds,
                WARM_UP_MILLIS);
        Channel floor = FloorServer.start(serverGroup, serverType, "OK pong\n");
        RunningServer parley = ParleyServer.builder().eventLoopGroup(serverGroup).greeting(Greeting.none())
                .build().start();
        try {
            for (int connections : CONNECTIONS) {
                report("floor ", connections, measure(clientGroup, clientType,
                        (InetSocketAddress) floor.localAddress(), connections, seconds));
                report("parley", connections, measure(clientGroup, clientType, parley.localAddress(), connections,
                        seconds));
            }
        } finally {
            parley.shutdownGracefully(Duration.ofSeconds(2));
            floor.close().sync();
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void report(String server, int connections, Result r) {
        Histogram h = r.histogram;
        LOG.info(String.format("shape %2d conn x  1 outstanding: %s %,10.0f req/s  p50 %7.1f us  p99 %7.1f us"
                        + "  p99.9 %7.1f us  max %8.1f us  (%,d samples)", connections, server, r.perSecond,
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)),
                micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()), h.getTotalCount()));
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    private static Result measure(EventLoopGroup group, Class<? extends Channel> type, InetSocketAddress address,
                                  int connections, long seconds) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        List<Prober> probers = new CopyOnWriteArrayList<>();
        Bootstrap b = new Bootstrap().group(group).channel(type).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Prober prober = new Prober(recorder);
                        probers.add(prober);
                        ch.pipeline().addLast(prober);
                    }
                });
        List<Channel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                channels.add(b.connect(address).sync().channel());
            }
            Thread.sleep(WARM_UP_MILLIS);
            recorder.getIntervalHistogram(); // drop the warm-up
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            Histogram h = recorder.getIntervalHistogram();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            return new Result(h.getTotalCount() / elapsed, h);
        } finally {
            // Let the last replies arrive before closing: closing with unread bytes makes the server see a reset.
            probers.forEach(Prober::stop);
            Thread.sleep(STOP_MILLIS);
            for (Channel c : channels) {
                c.close().sync();
            }
        }
    }

    /** Throughput and the round-trip times of one measurement. */
    private static final class Result {
        final double perSecond;
        final Histogram histogram;

        Result(double perSecond, Histogram histogram) {
            this.perSecond = perSecond;
            this.histogram = histogram;
        }
    }

    /** One connection's closed loop with one request outstanding, timing each round trip. */
    private static final class Prober extends ChannelInboundHandlerAdapter {
        private final Recorder recorder;
        private long sentAt;
        private volatile boolean stopped;

        Prober(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
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
            if (lines > 0 && !stopped) {
                long now = System.nanoTime();
                for (int j = 0; j < lines; j++) {
                    recorder.recordValue(now - sentAt);
                }
                send(ctx);
            }
        }

        void stop() {
            stopped = true;
        }

        private void send(ChannelHandlerContext ctx) {
            sentAt = System.nanoTime();
            ctx.writeAndFlush(PING.duplicate(), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
