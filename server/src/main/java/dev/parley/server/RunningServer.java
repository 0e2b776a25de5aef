package dev.parley.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A started {@link ParleyServer}: the bound port and the way to stop. Thread-safe. Stopping closes only the event
 * loop group and executor the server created itself.
 */
public final class RunningServer implements AutoCloseable {

    /** The deadline {@link #close()} gives a graceful shutdown. */
    public static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

    static final Logger LOG = LoggerFactory.getLogger("parley.server");

    private final ServerContext context;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Channel serverChannel;
    private final Object lock = new Object();
    private boolean stopped;

    private RunningServer(ParleyServer options, EventLoopGroup group, boolean ownsGroup, ExecutorService executor,
                          boolean ownsExecutor) throws InterruptedException {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.context = new ServerContext(options, executor, this::sessionRemoved);
        Limits limits = options.limits();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannelType(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // EOF from a client ends its input, not the session: its replies still go out (SessionHandler).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        limits.writeBufferLowWaterMark(), limits.writeBufferHighWaterMark()))
                .childHandler(new ServerInitializer(context));
        Transports.configureChildren(bootstrap, group, ownsGroup);
        try {
            this.serverChannel = bootstrap.bind(options.bindAddress(), options.port()).sync().channel();
        } catch (Exception e) {
            shutdownOwned();
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            throw new UncheckedIOException("cannot bind " + options.bindAddress() + ':' + options.port(),
                    e instanceof java.io.IOException ? (java.io.IOException) e : new java.io.IOException(e));
        }
        LOG.info("PS021 listening on {} ({}, {})", serverChannel.localAddress(), options.codec().name(),
                options.tls() != null ? "TLS" : "plain");
    }

    static RunningServer start(ParleyServer options) throws InterruptedException {
        EventLoopGroup group = options.eventLoopGroup();
        boolean ownsGroup = group == null;
        if (ownsGroup) {
            group = Transports.newGroup(LOG, options.server().ioThreads(), options.server().transport());
        }
        ExecutorService executor = options.blockingExecutor();
        boolean ownsExecutor = executor == null;
        if (ownsExecutor) {
            executor = newBlockingExecutor(options.limits());
        }
        return new RunningServer(options, group, ownsGroup, executor, ownsExecutor);
    }

    private static ExecutorService newBlockingExecutor(Limits limits) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(limits.blockingThreads(), limits.blockingThreads(),
                60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.blockingQueueSize()), r -> {
                    Thread t = new Thread(r, "parley-blocking-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** @return the bound port (the chosen one when the options said 0) */
    public int port() {
        return localAddress().getPort();
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** @return the number of open sessions */
    public int sessionCount() {
        return context.sessions().size();
    }

    /** @return what the sessions share (diagnostics and tests) */
    ServerContext context() {
        return context;
    }

    /** @return the options the server runs with */
    public ParleyServer options() {
        return context.options();
    }

    /**
     * Stops gracefully: stops accepting, lets every session finish the requests it has received (requests not yet
     * started are answered {@code ERR UNAVAILABLE}), sends {@code BYE SHUTDOWN} and closes it; connections still open
     * at the deadline are closed forcibly. Then releases the event loops and executor the server created. Must not
     * be called from an event loop. Idempotent.
     *
     * @param deadline how long to wait for sessions to finish
     * @return {@code true} if every session ended before the deadline
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean shutdownGracefully(Duration deadline) throws InterruptedException {
        synchronized (lock) {
            if (stopped) {
                return true;
            }
            stopped = true;
        }
        long end = System.nanoTime() + deadline.toNanos();
        LOG.debug("PS022 shutting down {} sessions, deadline {}", context.sessions().size(), deadline);
        context.startDraining();
        serverChannel.close().sync();
        for (SessionHandler s : context.sessions()) {
            s.drain();
        }
        boolean graceful = awaitSessions(end);
        if (!graceful) {
            List<SessionHandler> left = new ArrayList<>(context.sessions());
            LOG.warn("PS024 {} sessions still open at the shutdown deadline: closing them", left.size());
            for (SessionHandler s : left) {
                s.forceClose();
            }
            awaitSessions(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
        shutdownOwned();
        LOG.info("PS023 stopped ({})", graceful ? "graceful" : "forced");
        return graceful;
    }

    private boolean awaitSessions(long endNanos) throws InterruptedException {
        synchronized (lock) {
            while (!context.sessions().isEmpty()) {
                long left = endNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        return true;
    }

    private void sessionRemoved() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void shutdownOwned() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * Shuts down gracefully with a deadline of {@link #CLOSE_DEADLINE}.
     */
    @Override
    public void close() {
        try {
            shutdownGracefully(CLOSE_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("PS025 interrupted while shutting down; resources may still be open");
        }
    }

    @Override
    public String toString() {
        return "RunningServer{" + serverChannel.localAddress() + ", sessions=" + sessionCount() + '}';
    }
}
