package dev.parley.memcached;

import dev.parley.memcached.store.ItemStore;
import dev.parley.server.Call;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * {@code stats}: the general statistics as {@code STAT <name> <value>} lines and {@code END}, in memcached's order
 * where the names exist here: process figures, connections, then the store's counters and gauges. Other stats groups
 * ({@code stats items}, {@code stats slabs}, ...) and {@code stats reset} are not served: {@code ERROR}.
 */
final class StatsCommand {

    private final ItemStore store;
    private final ServerStats server;

    StatsCommand(ItemStore store, ServerStats server) {
        this.store = store;
        this.server = server;
    }

    Reply handle(Call call) {
        if (!call.args().isEmpty()) {
            return Replies.line(Replies.ERROR);
        }
        long now = System.currentTimeMillis();
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(2048);
        stat(out, "pid", ProcessHandle.current().pid());
        stat(out, "uptime", server.uptimeSeconds(now));
        stat(out, "time", now / 1000);
        stat(out, "version", MemcachedServer.VERSION);
        stat(out, "pointer_size", 64);
        stat(out, "max_connections", server.options().server().limits().maxConnections());
        stat(out, "curr_connections", server.currentConnections());
        stat(out, "total_connections", server.totalConnections());
        int threads = server.options().server().ioThreads();
        stat(out, "threads", threads == 0 ? 2L * Runtime.getRuntime().availableProcessors() : threads);
        store.stats().forEach((name, value) -> stat(out, name, value));
        Replies.writeEnd(out);
        return Reply.raw(out);
    }

    private static void stat(ByteBuf out, String name, Object value) {
        out.writeCharSequence("STAT " + name + ' ' + value + "\r\n", StandardCharsets.US_ASCII);
    }
}
