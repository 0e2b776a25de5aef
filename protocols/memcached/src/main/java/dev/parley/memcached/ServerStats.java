package dev.parley.memcached;

import dev.parley.memcached.store.StoreStats;
import dev.parley.server.Session;
import dev.parley.server.SessionListener;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server-wide figures of {@code stats} that the item store does not keep: connections, uptime, settings, the
 * bound port, and where {@code stats reset} last set the counters to zero.
 */
final class ServerStats implements SessionListener {

    private final MemcachedServer options;
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicInteger current = new AtomicInteger();
    private final LongAdder total = new LongAdder();
    private volatile int boundPort;
    private volatile StoreStats resetAt;
    private volatile long totalAtReset;

    ServerStats(MemcachedServer options) {
        this.options = options;
        this.boundPort = options.port();
    }

    @Override
    public void onConnected(Session session) {
        current.incrementAndGet();
        total.increment();
    }

    @Override
    public void onDisconnected(Session session) {
        current.decrementAndGet();
    }

    MemcachedServer options() {
        return options;
    }

    /** Records the port the server listens on (the chosen one when the options said 0), for {@code tcpport}. */
    void boundPort(int port) {
        boundPort = port;
    }

    int boundPort() {
        return boundPort;
    }

    long uptimeSeconds(long nowMillis) {
        return Math.max(0, (nowMillis - startedMillis) / 1000);
    }

    int currentConnections() {
        return current.get();
    }

    /** @return the connections accepted since the start or the last {@code stats reset} */
    long totalConnections() {
        return total.sum() - totalAtReset;
    }

    /**
     * {@code stats reset}: from now on the store's counters and {@code total_connections} count from zero, as in
     * memcached; the gauges (items, bytes, current connections) and the uptime are left alone.
     *
     * @param now the store's statistics at the reset
     */
    synchronized void reset(StoreStats now) {
        totalAtReset = total.sum();
        resetAt = now;
    }

    /**
     * Returns the store's statistics as {@code stats} reports them: counted since the last {@code stats reset}.
     *
     * @param now the store's statistics now
     * @return {@code now}, less the counters at the last reset if there was one
     */
    StoreStats sinceReset(StoreStats now) {
        StoreStats base = resetAt;
        return base == null ? now : now.since(base);
    }
}
