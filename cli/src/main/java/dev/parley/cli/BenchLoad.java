package dev.parley.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.HdrHistogram.Histogram;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@code parley bench} load: opens the connections on an event loop group of {@link BenchPlan#threads()}
 * threads (native epoll when available), lets them run their closed loops through the warm-up and the measured
 * interval, then gathers and merges what each measured.
 */
final class BenchLoad {

    private BenchLoad() {
    }

    /**
     * Runs the load against a resolved address.
     *
     * @param plan what to send and how
     * @param address the server
     * @return the merged measurements
     * @throws ConnectException if a connection could not be made (the others are closed)
     * @throws InterruptedException if interrupted
     */
    static BenchResult run(BenchPlan plan, InetSocketAddress address) throws ConnectException, InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(plan.threads(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            BenchWindow window = new BenchWindow(plan.connections());
            List<BenchConnection> connections = new ArrayList<>();
            for (int i = 0; i < plan.connections(); i++) {
                connections.add(new BenchConnection(plan, window));
            }
            List<Channel> channels = connect(plan, address, group, epoll, connections);
            long begin = System.nanoTime();
            long start = begin + plan.warmup().toNanos();
            window.open(start, start + plan.duration().toNanos());
            for (int i = 0; i < channels.size(); i++) {
                channels.get(i).eventLoop().execute(connections.get(i)::begin);
            }
            long ended = window.awaitEnd();
            Histogram latencies = new Histogram(3);
            long ops = 0;
            long unexpected = 0;
            long timeouts = 0;
            long closed = 0;
            String firstReply = null;
            String firstUnexpected = null;
            for (int i = 0; i < channels.size(); i++) {
                Channel ch = channels.get(i);
                BenchConnection.Tally t = tally(ch, connections.get(i), plan);
                latencies.add(t.histogram());
                ops += t.ops();
                unexpected += t.unexpected();
                timeouts += t.timeouts();
                closed += t.closed();
                if (firstReply == null) {
                    firstReply = t.firstReply();
                }
                if (firstUnexpected == null) {
                    firstUnexpected = t.firstUnexpected();
                }
                ch.close();
            }
            long measured = Math.max(0, Math.min(ended, window.end()) - start);
            return BenchResult.of(plan, address, measured, latencies, ops, unexpected, timeouts, closed, firstReply,
                    firstUnexpected);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(plan.timeout().toMillis() + 2000);
        }
    }

    private static List<Channel> connect(BenchPlan plan, InetSocketAddress address, EventLoopGroup group,
                                         boolean epoll, List<BenchConnection> connections)
            throws ConnectException, InterruptedException {
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        plan.timeout().toMillis()));
        List<ChannelFuture> futures = new ArrayList<>();
        for (BenchConnection c : connections) {
            futures.add(b.clone().handler(c).connect(address));
        }
        List<Channel> channels = new ArrayList<>();
        Throwable failure = null;
        for (ChannelFuture f : futures) {
            f.await();
            if (f.isSuccess()) {
                channels.add(f.channel());
            } else if (failure == null) {
                failure = f.cause();
            }
        }
        if (failure != null) {
            for (Channel ch : channels) {
                ch.close().await();
            }
            ConnectException e = new ConnectException("cannot connect to " + address.getHostString() + ":"
                    + address.getPort() + ": " + failure.getMessage());
            e.initCause(failure);
            throw e;
        }
        return channels;
    }

    private static BenchConnection.Tally tally(Channel ch, BenchConnection c, BenchPlan plan)
            throws InterruptedException {
        try {
            return ch.eventLoop().submit(c::finish).get(plan.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("collecting the figures of " + ch + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the event loop of " + ch + " did not answer within the timeout", e);
        }
    }
}
