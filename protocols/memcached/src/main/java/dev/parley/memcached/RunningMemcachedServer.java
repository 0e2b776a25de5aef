package dev.parley.memcached;

import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.memcached.codec.MemcachedServerCodec;
import dev.parley.memcached.store.ItemStore;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A started {@link MemcachedServer}: its port, its item store and the way to stop it. Thread-safe.
 */
public final class RunningMemcachedServer implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("parley.memcached");

    private final MemcachedServer options;
    private final ItemStore store;
    private final RunningServer server;
    private final EventLoopGroup ownGroup;

    private RunningMemcachedServer(MemcachedServer options, ItemStore store, RunningServer server,
                                   EventLoopGroup ownGroup) {
        this.options = options;
        this.store = store;
        this.server = server;
        this.ownGroup = ownGroup;
    }

    static RunningMemcachedServer start(MemcachedServer options) throws InterruptedException {
        ItemStore store = ItemStore.create(options.storeOptions());
        ServerStats stats = new ServerStats(options);
        EventLoopGroup group = options.threads() == 0 ? null : newGroup(options.threads());
        ParleyServer.Builder builder = parleyServer(options, store, stats).toBuilder().eventLoopGroup(group);
        RunningServer server;
        try {
            server = builder.build().start();
        } catch (RuntimeException | InterruptedException e) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
            throw e;
        }
        LOG.info("memcached server listening on {} ({})", server.localAddress(), options);
        return new RunningMemcachedServer(options, store, server, group);
    }

    /**
     * Returns the Parley server that serves {@code store} as {@code options} say: memcached's codec and commands, no
     * greeting, no idle timeout, handler time limit or error streak (memcached has none), and the connection limit.
     * Bind address and port are set; event loops are not.
     */
    static ParleyServer parleyServer(MemcachedServer options, ItemStore store, ServerStats stats) {
        Limits limits = Limits.builder()
                .maxConnections(options.maxConnections())
                .idleTimeout(Duration.ZERO)
                .handlerTimeout(Duration.ZERO)
                .maxConsecutiveErrors(Integer.MAX_VALUE)
                .build();
        return ParleyServer.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .codec(MemcachedServerCodec.create(options.maxItemSize()))
                .router(MemcachedCommands.router(store, stats, options.maxItemSize()))
                .greeting(dev.parley.server.Greeting.none())
                .limits(limits)
                .listener(stats)
                .pipelineOptions(PipelineOptions.defaults())
                .build();
    }

    private static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** @return the bound port (the chosen one when the options said 0) */
    public int port() {
        return server.port();
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** @return the item store the server serves, for inspection and embedding */
    public ItemStore store() {
        return store;
    }

    /** @return the options the server runs with */
    public MemcachedServer options() {
        return options;
    }

    /** @return the number of open connections */
    public int connectionCount() {
        return server.sessionCount();
    }

    /**
     * Stops: stops accepting, lets each connection finish what it received, closes it, and releases the threads.
     * Must not be called from an event loop. Idempotent.
     */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        LOG.info("memcached server on port {} stopped", options.port());
    }

    @Override
    public String toString() {
        return "RunningMemcachedServer{" + server.localAddress() + '}';
    }
}
