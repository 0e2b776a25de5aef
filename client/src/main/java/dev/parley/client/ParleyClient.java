package dev.parley.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's shared resources: one event loop group that every session uses (a fleet of thousands of sessions
 * shares a few threads). Create once, {@link #connect connect} as many sessions as needed, close once.
 *
 * <pre>
 * try (ParleyClient client = ParleyClient.create()) {
 *     Session s = client.connect(new InetSocketAddress("device", 7001), ClientOptions.defaults());
 *     Reply r = s.call(Request.query("ls", "/tmp"));
 * }
 * </pre>
 * Uses epoll when its native library is available, NIO otherwise.
 */
public final class ParleyClient implements AutoCloseable {

    /** Default event loop threads: the number of available processors. */
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

    static final Logger LOG = LoggerFactory.getLogger("parley.client");

    private final EventLoopGroup group;
    /**
     * What every connection of every session starts from (its channel type and {@code TCP_NODELAY}); a connect
     * clones it with the session's event loop and connect timeout, so no session holds a bootstrap of its own.
     */
    final Bootstrap bootstrap;
    private final Set<DefaultSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyClient(int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.bootstrap = template(group, epoll ? EpollSocketChannel.class : NioSocketChannel.class);
        LOG.debug("C001 client started: {} threads, {}", threads, epoll ? "epoll" : "nio");
    }

    /**
     * A client on a given event loop group, which it owns and shuts down on {@link #close}. Sessions take every
     * deadline, pause and idle time from their event loop's {@code ticker()}, so a group whose loops run on a
     * mock ticker runs the client on frozen time.
     */
    ParleyClient(EventLoopGroup group, Class<? extends Channel> channelType) {
        this.group = Objects.requireNonNull(group, "group");
        this.bootstrap = template(group, Objects.requireNonNull(channelType, "channelType"));
    }

    private static Bootstrap template(EventLoopGroup group, Class<? extends Channel> channelType) {
        return new Bootstrap().group(group).channel(channelType).option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * Creates a client with {@link #DEFAULT_THREADS} event loop threads.
     *
     * @return the client
     */
    public static ParleyClient create() {
        return new ParleyClient(DEFAULT_THREADS);
    }

    /**
     * Creates a client.
     *
     * @param threads event loop threads, {@code >= 1}
     * @return the client
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static ParleyClient create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        return new ParleyClient(threads);
    }

    /**
     * Opens a session with the default options.
     *
     * @param address the server
     * @return the session; it connects in the background
     */
    public Session connect(SocketAddress address) {
        return connect(address, ClientOptions.defaults());
    }

    /**
     * Opens a session. It returns at once and connects in the background: requests sent before the connection is
     * ready wait in the queue within their deadlines, and a refused or lost connection is retried with the
     * options' backoff for as long as the session is open.
     *
     * @param address the server
     * @param options the session's options
     * @return the session
     * @throws IllegalStateException if the client is closed
     */
    public Session connect(SocketAddress address, ClientOptions options) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
        DefaultSession session = new DefaultSession(this, "s" + sessionIds.incrementAndGet(), group.next(),
                address, options);
        sessions.add(session);
        session.start();
        return session;
    }

    void forget(DefaultSession session) {
        sessions.remove(session);
    }

    /** @return the shared event loop group */
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    /**
     * Closes every session and shuts the event loops down, waiting up to 5 seconds. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (DefaultSession s : sessions) {
            s.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.debug("C002 client closed");
    }
}
