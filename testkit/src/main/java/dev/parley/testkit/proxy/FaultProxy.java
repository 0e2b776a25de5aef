package dev.parley.testkit.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running TCP proxy that injects faults, after Toxiproxy: every connection accepted is forwarded to one upstream
 * address, and the {@link Fault}s currently added (latency, bandwidth, slicer, stall, reset, slow close, data limit,
 * down) act on its bytes, per direction, each with a probability decided once per connection.
 *
 * <p>Faults can be added and removed at any time, from any thread; they act on open connections from then on,
 * while data already delayed keeps its schedule. Delays run on each connection's event loop. A direction holds at
 * most {@link ProxyOptions#maxHeldBytes()} before the proxy stops reading its source, so a stalled or slow
 * direction pushes back on the sender instead of buffering without bound.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(server.address())) {
 *     proxy.add(Fault.latency(Duration.ofMillis(200), Duration.ZERO));
 *     client.connect(proxy.address());
 *     ...
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("parley.proxy");

    private final ProxyOptions options;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Random random;
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<Fault> faults;
    private Channel listener;

    private FaultProxy(ProxyOptions options) {
        this.options = options;
        this.ownGroup = options.eventLoopGroup() == null;
        this.group = ownGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory())
                : options.eventLoopGroup();
        this.random = options.random() != null ? options.random() : new Random();
        this.faults = options.faults();
    }

    /**
     * Starts a proxy on a free loopback port, forwarding to {@code upstream}, with no faults.
     *
     * @param upstream the server's address
     * @return the running proxy, to be closed
     * @throws UncheckedIOException if it cannot listen
     */
    public static FaultProxy start(InetSocketAddress upstream) {
        return builder().upstream(upstream).build().start();
    }

    /** Returns a builder of {@link ProxyOptions}, whose {@code build().start()} starts a proxy. */
    public static ProxyOptions.Builder builder() {
        return new ProxyOptions.Builder();
    }

    static FaultProxy start(ProxyOptions options) {
        FaultProxy proxy = new FaultProxy(options);
        proxy.listen();
        return proxy;
    }

    private void listen() {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ProxyConnection c = new ProxyConnection(FaultProxy.this, ch, options.maxHeldBytes());
                        connections.add(c);
                        ch.closeFuture().addListener(f -> connectionClosed(c));
                        if (closed.get()) {
                            ch.close();
                        }
                    }
                });
        ChannelFuture bound = b.bind(options.bindAddress(), options.listenPort()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable cause = bound.cause();
            String what = "proxy: cannot listen on " + options.bindAddress() + ":" + options.listenPort();
            if (cause instanceof IOException) {
                throw new UncheckedIOException(what + ": " + cause.getMessage(), (IOException) cause);
            }
            throw new IllegalStateException(what, cause);
        }
        listener = bound.channel();
        log.debug("proxy {} -> {} listening", listener.localAddress(), options.upstream());
    }

    /** Returns the address the proxy listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Returns the port the proxy listens on. */
    public int port() {
        return address().getPort();
    }

    /** Returns the address connections are forwarded to. */
    public InetSocketAddress upstream() {
        return options.upstream();
    }

    /**
     * Adds a fault, which acts on open connections from now on and on every new one. A fault already added under
     * the same name is replaced (keeping its place in the order).
     *
     * @param fault the fault
     * @return the fault's name, which {@link #remove} takes
     */
    public String add(Fault fault) {
        synchronized (this) {
            List<Fault> next = new ArrayList<>(faults);
            int at = indexOf(next, fault.name());
            if (at >= 0) {
                next.set(at, fault);
            } else {
                next.add(fault);
            }
            faults = List.copyOf(next);
        }
        log.debug("proxy {}: added {}", options.upstream(), fault);
        notifyConnections();
        return fault.name();
    }

    /**
     * Removes the fault with the given name: data it holds is released, its timers are cancelled.
     *
     * @param name the fault's name
     * @return {@code true} if there was such a fault
     */
    public boolean remove(String name) {
        synchronized (this) {
            List<Fault> next = new ArrayList<>(faults);
            int at = indexOf(next, name);
            if (at < 0) {
                return false;
            }
            next.remove(at);
            faults = List.copyOf(next);
        }
        notifyConnections();
        return true;
    }

    /** Returns the faults added, in the order they were added. */
    public List<Fault> faults() {
        return faults;
    }

    /** Removes every fault. */
    public void clear() {
        synchronized (this) {
            faults = List.of();
        }
        notifyConnections();
    }

    /**
     * Returns how many connections the proxy holds: a connection counts until both its client side and its upstream
     * side are closed.
     *
     * @return the number of connections
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops listening and closes every proxied connection, both sides; closes the event loop group if the proxy
     * made it. Returns once that is done (bounded to a few seconds); calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        List<Channel> channels = new ArrayList<>();
        for (ProxyConnection c : connections) {
            channels.addAll(c.closeNow());
        }
        for (Channel ch : channels) {
            ch.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Returns a summary: where it listens, where it forwards, the faults. */
    @Override
    public String toString() {
        return "FaultProxy(" + (listener == null ? "?" : listener.localAddress()) + " -> " + options.upstream()
                + ", " + faults + ")";
    }

    /**
     * One side of a connection closed. It is forgotten once both have: a client that left while a fault still holds
     * what it sent keeps its connection here, so that {@link #close()} releases that data too.
     */
    void connectionClosed(ProxyConnection c) {
        if (c.isGone()) {
            connections.remove(c);
        }
    }

    List<Fault> snapshot() {
        return faults;
    }

    Random random() {
        return random;
    }

    int connectTimeoutMillis() {
        return (int) options.connectTimeout().toMillis();
    }

    private void notifyConnections() {
        if (closed.get()) {
            return;
        }
        for (ProxyConnection c : connections) {
            c.faultsChanged();
        }
    }

    private static int indexOf(List<Fault> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
