package dev.parley.memcached;

import dev.parley.server.Session;
import dev.parley.server.SessionListener;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The server-wide figures of {@code stats} that the item store does not keep: connections, uptime, settings. */
final class ServerStats implements SessionListener {

    private final MemcachedServer options;
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicInteger current = new AtomicInteger();
    private final LongAdder total = new LongAdder();

    ServerStats(MemcachedServer options) {
        this.options = options;
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

    long uptimeSeconds(long nowMillis) {
        return Math.max(0, (nowMillis - startedMillis) / 1000);
    }

    int currentConnections() {
        return current.get();
    }

    long totalConnections() {
        return total.sum();
    }
}
