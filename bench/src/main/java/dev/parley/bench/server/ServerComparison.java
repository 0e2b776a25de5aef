package dev.parley.bench.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Greeting;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;
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
import java.util.Map;

/**
 * Side-by-side throughput of a Parley text server and {@link FloorServer}, on loopback, in one JVM, for four shapes
 * (connections × outstanding requests × request): {@code ping} at 1 × 1, 32 × 1 and 8 × 32, and {@code get k} at
 * 8 × 32, answered by a small handler looking the key up in a map ({@code OK v}), where the floor answers the same
 * fixed line whatever the request. The last shape costs Parley the general path: a request with arguments, a handler
 * call and a reply built per request. Not a test: run it by hand, see
 * {@code docs/BENCHMARKS.md}. Arguments: {@code [seconds per measurement, default 5] [rounds, default 1]}.
 *
 * <p>Besides throughput, each measurement reports the CPU time the server's event loop thread spent per request
 * ({@code ns/req}). On a machine shared with other work, throughput swings with the neighbours' load; the CPU cost
 * per request barely does, so it is the steadier way to compare the two servers. With several rounds, the servers
 * alternate within each round, so that a change of background load hits both.
 */
public final class ServerComparison {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final Shape[] SHAPES = {
        new Shape(1, 1, "ping"), new Shape(32, 1, "ping"), new Shape(8, 32, "ping"), new Shape(8, 32, "get k")};

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
        Channel floor = FloorServer.start(serverGroup, serverType, "OK pong\n");
        Channel floorGet = FloorServer.start(serverGroup, serverType, "OK v\n");
        Map<String, String> values = Map.of("k", "v", "k2", "v2");
        Router router = Router.builder().query("get", "<key>", call -> {
            String v = values.get(call.arg(0));
            return v != null ? Reply.ok(v) : Reply.error(ErrorCode.NOT_FOUND, call.arg(0));
        }).build();
        RunningServer parley = ParleyServer.builder().eventLoopGroup(serverGroup).greeting(Greeting.none())
                .router(router).build().start();
        long serverThread = serverGroup.submit(() -> Thread.currentThread().getId()).get();
        try {
            for (int round = 1; round <= rounds; round++) {
                for (Shape shape : SHAPES) {
                    Channel f0 = shape.line.equals("ping") ? floor : floorGet;
                    double[] f = measure(clientGroup, clientType, (InetSocketAddress) f0.localAddress(), shape,
                            seconds, serverThread);
                    double[] p = measure(clientGroup, clientType, parley.localAddress(), shape, seconds,
                            serverThread);
                    LOG.info(String.format("round %d shape %2d conn x %2d outstanding %-5s: floor %,10.0f req/s "
                                    + "%5.0f ns/req  parley %,10.0f req/s %5.0f ns/req  ratio %.3f  cost ratio %.3f",
                            round, shape.connections, shape.depth, shape.line, f[0], f[1], p[0], p[1], p[0] / f[0],
                            f[1] / p[1]));
                }
            }
        } finally {
            parley.shutdownGracefully(Duration.ofSeconds(2));
            floor.close().sync();
            floorGet.close().sync();
            clientGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            serverGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    /** Returns {requests per second, server event loop CPU nanoseconds per request}. */
    private static double[] measure(EventLoopGroup group, Class<? extends Channel> type, InetSocketAddress address,
                                    Shape shape, long seconds, long serverThread) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LoadGenerator load = new LoadGenerator(group, type, address, shape.connections, shape.depth,
                shape.line + "\n");
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

    /** Connections × outstanding requests per connection, and the request line sent. */
    private static final class Shape {
        final int connections;
        final int depth;
        final String line;

        Shape(int connections, int depth, String line) {
            this.connections = connections;
            this.depth = depth;
            this.line = line;
        }
    }
}
