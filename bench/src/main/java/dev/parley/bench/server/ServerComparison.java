package dev.parley.bench.server;

import dev.parley.server.Greeting;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import io.netty.channel.Channel;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Side-by-side throughput of a Parley text server answering {@code ping} and {@link FloorServer}, on loopback, in
 * one JVM, for three shapes (connections × outstanding requests). Not a test: run it by hand, see
 * {@code docs/BENCHMARKS.md}. Arguments: {@code [seconds per measurement, default 5] [rounds, default 1]}.
 *
 * <p>Besides throughput, each measurement reports the CPU time the server's event loop thread spent per request
 * ({@code ns/req}). On a machine shared with other work, throughput swings with the neighbours' load; the CPU cost
 * per request barely does, so it is the steadier way to compare the two servers. With several rounds, the servers
 * alternate within each round, so that a change of background load hits both.
 */
public final class ServerComparison {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final int[][] SHAPES = {{1, 1}, {32, 1}, {8, 32}};

    private ServerComparison() {
    }

    /**
     * Runs the comparison and logs one line per shape and round.
     *
     * @param args optional seconds per measurement
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        LOG.info("transport: {}, {} s per measurement", epoll ? "epoll" : "nio", seconds);
        Channel floor = FloorServer.start(serverGroup, serverType);
        RunningServer parley = ParleyServer.builder().eventLoopGroup(serverGroup).greeting(Greeting.none())
                .build().start();
        long serverThread = serverGroup.submit(() -> Thread.currentThread().getId()).get();
        try {
            for (int round = 1; round <= rounds; round++) {
                for (int[] shape : SHAPES) {
                    double[] f = measure(clientGroup, clientType, (InetSocketAddress) floor.localAddress(), shape,
                            seconds, serverThread);
                    double[] p = measure(clientGroup, clientType, parley.localAddress(), shape, seconds,
                            serverThread);
                    LOG.info(String.format("round %d shape %2d conn x %2d outstanding: floor %,10.0f req/s %5.0f ns/req"
                                    + "  parley %,10.0f req/s %5.0f ns/req  ratio %.3f  cost ratio %.3f", round,
                            shape[0], shape[1], f[0], f[1], p[0], p[1], p[0] / f[0], f[1] / p[1]));
                }
            }
        } finally {
            parley.shutdownGracefully(Duration.ofSeconds(2));
            floor.close().sync();
            clientGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            serverGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    /** Returns {requests per second, server event loop CPU nanoseconds per request}. */
    private static double[] measure(EventLoopGroup group, Class<? extends Channel> type, InetSocketAddress address,
                                    int[] shape, long seconds, long serverThread) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LoadGenerator load = new LoadGenerator(group, type, address, shape[0], shape[1]);
        try {
            Thread.sleep(1000); // warm-up, not measured
            long start = load.replies();
            long cpu0 = threads.getThreadCpuTime(serverThread);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            long n = load.replies() - start;
            long cpu = threads.getThreadCpuTime(serverThread) - cpu0;
            return new double[] {n / ((System.nanoTime() - t0) / 1e9), (double) cpu / n};
        } finally {
            load.close();
        }
    }
}
