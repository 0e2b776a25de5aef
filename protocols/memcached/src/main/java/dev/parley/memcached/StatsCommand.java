package dev.parley.memcached;

import dev.parley.memcached.store.ItemStore;
import dev.parley.memcached.store.StoreCounter;
import dev.parley.memcached.store.StoreStats;
import dev.parley.server.Call;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * {@code stats}: the general statistics as {@code STAT <name> <value>} lines and {@code END}, in memcached's order
 * where the names exist here: process figures, connections, then the store's counters and gauges. {@code stats
 * settings} (the memcached settings that apply here), {@code stats items} and {@code stats slabs} (one pseudo class 1
 * holding every item), {@code stats sizes} (disabled), {@code stats reset} and {@code stats detail off|dump} answer as
 * memcached 1.6 does; {@code stats detail on} is refused (no prefix statistics), other subcommands get {@code ERROR}.
 */
final class StatsCommand {

    private final ItemStore store;
    private final ServerStats server;

    StatsCommand(ItemStore store, ServerStats server) {
        this.store = store;
        this.server = server;
    }

    Reply handle(Call call) {
        if (call.args().isEmpty()) {
            return general();
        }
        // memcached reads only the subcommand (and detail's mode); further tokens are ignored.
        switch (call.args().get(0)) {
            case "reset":
                server.reset(store.stats());
                return Replies.line(Replies.RESET);
            case "detail":
                return detail(call.args().size() > 1 ? call.args().get(1) : "");
            case "settings":
                return settings();
            case "items":
                return items();
            case "slabs":
                return slabs();
            case "sizes":
                return lines("STAT sizes_status disabled\r\n");
            default:
                return Replies.line(Replies.ERROR);
        }
    }

    private Reply general() {
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
        stat(out, "threads", threads());
        server.sinceReset(store.stats()).forEach((name, value) -> stat(out, name, value));
        Replies.writeEnd(out);
        return Reply.raw(out);
    }

    /** Prefix statistics are not collected: off and an empty dump are true, on is refused. */
    private static Reply detail(String mode) {
        switch (mode) {
            case "off":
                return Replies.line(Replies.OK);
            case "dump":
                return lines("");
            case "on":
                return lines(null);
            default:
                return Reply.raw(ascii("CLIENT_ERROR usage: stats detail on|off|dump\r\n"));
        }
    }

    private Reply settings() {
        MemcachedServer o = server.options();
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(1024);
        stat(out, "maxbytes", o.memoryLimit());
        stat(out, "maxconns", o.server().limits().maxConnections());
        stat(out, "tcpport", server.boundPort());
        stat(out, "udpport", 0);
        stat(out, "inter", o.server().bindAddress());
        stat(out, "evictions", "on");
        stat(out, "num_threads", threads());
        stat(out, "detail_enabled", "no");
        stat(out, "cas_enabled", "yes");
        stat(out, "binding_protocol", "ascii");
        stat(out, "auth_enabled_sasl", "no");
        stat(out, "item_size_max", o.maxItemSize());
        stat(out, "lru_crawler", "no");
        stat(out, "flush_enabled", "yes");
        stat(out, "lru_maintainer_thread", "no");
        stat(out, "lru_segmented", "no");
        stat(out, "idle_timeout", o.server().limits().idleTimeout().toSeconds());
        stat(out, "track_sizes", "no");
        stat(out, "ssl_enabled", o.server().tls() != null ? "yes" : "no");
        Replies.writeEnd(out);
        return Reply.raw(out);
    }

    /**
     * One pseudo slab class, 1, holds every item (the store has no slab classes and one LRU, which memcached without
     * a segmented LRU reports as its cold LRU); listed only while it holds items, as memcached lists a class.
     */
    private Reply items() {
        StoreStats s = server.sinceReset(store.stats());
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(1024);
        if (s.currItems() > 0) {
            long n = s.currItems();
            Object[] kv = {"number", n, "number_hot", 0, "number_warm", 0, "number_cold", n, "age_hot", 0,
                "age_warm", 0, "age", 0, "mem_requested", s.bytes(), "evicted", s.get(StoreCounter.EVICTIONS),
                "evicted_nonzero", 0, "evicted_time", 0, "outofmemory", 0, "tailrepairs", 0,
                "reclaimed", s.get(StoreCounter.RECLAIMED), "expired_unfetched", 0, "evicted_unfetched", 0,
                "evicted_active", 0, "crawler_reclaimed", 0, "crawler_items_checked", 0, "lrutail_reflocked", 0,
                "moves_to_cold", 0, "moves_to_warm", 0, "moves_within_lru", 0, "direct_reclaims", 0,
                "hits_to_hot", 0, "hits_to_warm", 0, "hits_to_cold", 0, "hits_to_temp", 0};
            for (int i = 0; i < kv.length; i += 2) {
                stat(out, "items:1:" + kv[i], kv[i + 1]);
            }
        }
        Replies.writeEnd(out);
        return Reply.raw(out);
    }

    /** The pseudo class 1 as one page of as many chunks as items, each chunk up to the item size limit. */
    private Reply slabs() {
        StoreStats s = server.sinceReset(store.stats());
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(1024);
        long n = s.currItems();
        if (n > 0) {
            Object[] kv = {"chunk_size", server.options().maxItemSize(), "chunks_per_page", n, "total_pages", 1,
                "total_chunks", n, "used_chunks", n, "free_chunks", 0, "free_chunks_end", 0,
                "get_hits", s.get(StoreCounter.GET_HITS), "cmd_set", s.get(StoreCounter.CMD_SET),
                "delete_hits", s.get(StoreCounter.DELETE_HITS), "incr_hits", s.get(StoreCounter.INCR_HITS),
                "decr_hits", s.get(StoreCounter.DECR_HITS), "cas_hits", s.get(StoreCounter.CAS_HITS),
                "cas_badval", s.get(StoreCounter.CAS_BADVAL), "touch_hits", s.get(StoreCounter.TOUCH_HITS)};
            for (int i = 0; i < kv.length; i += 2) {
                stat(out, "1:" + kv[i], kv[i + 1]);
            }
        }
        stat(out, "active_slabs", n > 0 ? 1 : 0);
        stat(out, "total_malloced", s.bytes());
        Replies.writeEnd(out);
        return Reply.raw(out);
    }

    private long threads() {
        int threads = server.options().server().ioThreads();
        return threads == 0 ? 2L * Runtime.getRuntime().availableProcessors() : threads;
    }

    /** {@code body} then {@code END}; {@code null} for the refusal of {@code stats detail on}. */
    private static Reply lines(String body) {
        if (body == null) {
            return Reply.raw(ascii("SERVER_ERROR stats detail is not supported\r\n"));
        }
        return Reply.raw(ascii(body + "END\r\n"));
    }

    private static ByteBuf ascii(String text) {
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(text.length());
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
        return out;
    }

    private static void stat(ByteBuf out, String name, Object value) {
        out.writeCharSequence("STAT " + name + ' ' + value + "\r\n", StandardCharsets.US_ASCII);
    }
}
