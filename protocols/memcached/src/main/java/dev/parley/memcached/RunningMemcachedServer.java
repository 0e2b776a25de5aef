package dev.parley.memcached;

import dev.parley.memcached.codec.MemcachedServerCodec;
import dev.parley.memcached.store.ItemStore;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * A started {@link MemcachedServer}: its port, its item store and the way to stop it. Thread-safe.
 */
public final class RunningMemcachedServer implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("parley.memcached");

    private final MemcachedServer options;
    private final ItemStore store;
    private final RunningServer server;

    private RunningMemcachedServer(MemcachedServer options, ItemStore store, RunningServer server) {
        this.options = options;
        this.store = store;
        this.server = server;
    }

    static RunningMemcachedServer start(MemcachedServer options) throws InterruptedException {
        ItemStore store = ItemStore.create(options.storeOptions());
        ServerStats stats = new ServerStats(options);
        RunningServer server = parleyServer(options, store, stats).start();
        stats.boundPort(server.port());
        LOG.info("memcached server listening on {} ({})", server.localAddress(), options);
        return new RunningMemcachedServer(options, store, server);
    }

    /**
     * Returns the Parley server that serves {@code store} as {@code options} say: memcached's codec and commands, no
     * greeting, and the server options (memcached's limits unless changed).
     */
    static ParleyServer parleyServer(MemcachedServer options, ItemStore store, ServerStats stats) {
        return ParleyServer.builder()
                .server(options.server())
                .codec(MemcachedServerCodec.create(options.maxItemSize()))
                .router(MemcachedCommands.router(store, stats, options.maxItemSize()))
                .greeting(dev.parley.server.Greeting.none())
                .listener(stats)
                .build();
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
        server.close();
        LOG.info("memcached server on port {} stopped", options.port());
    }

    @Override
    public String toString() {
        return "RunningMemcachedServer{" + server.localAddress() + '}';
    }
}
