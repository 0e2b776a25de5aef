package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static dev.parley.memcached.store.StoreTestSupport.storeWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = storeWith(clock);

    @Test
    void freshStoreReportsZerosAndTheLimit() {
        StoreStats stats = store.stats();

        for (StoreCounter counter : StoreCounter.values()) {
            assertEquals(0, stats.get(counter), counter.statName());
        }
        assertEquals(0, stats.currItems());
        assertEquals(0, stats.bytes());
        assertEquals(StoreOptions.DEFAULT_MEMORY_LIMIT, stats.limitMaxBytes());
    }

    @Test
    void retrievalCountersCountKeysNotCommands() {
        store.set("a", 0, 0, bytes("1"));
        store.set("old", 0, 1, bytes("1"));
        clock.advanceSeconds(1);

        store.get(List.of("a", "b", "a"));
        store.get("old");

        StoreStats stats = store.stats();
        assertEquals(4, stats.get(StoreCounter.CMD_GET));
        assertEquals(2, stats.get(StoreCounter.GET_HITS));
        assertEquals(2, stats.get(StoreCounter.GET_MISSES));
        assertEquals(1, stats.get(StoreCounter.GET_EXPIRED));
    }

    @Test
    void storageCountersCountEveryAttemptAndEveryStoredItem() {
        store.set("a", 0, 0, bytes("1"));
        store.add("a", 0, 0, bytes("1"));
        store.replace("missing", 0, 0, bytes("1"));
        store.append("a", bytes("2"));
        long cas = store.get("a").cas();
        store.cas("a", 0, 0, bytes("3"), cas);
        store.cas("a", 0, 0, bytes("4"), cas);
        store.cas("missing", 0, 0, bytes("5"), cas);

        StoreStats stats = store.stats();
        assertEquals(7, stats.get(StoreCounter.CMD_SET));
        assertEquals(3, stats.get(StoreCounter.TOTAL_ITEMS));
        assertEquals(1, stats.get(StoreCounter.CAS_HITS));
        assertEquals(1, stats.get(StoreCounter.CAS_BADVAL));
        assertEquals(1, stats.get(StoreCounter.CAS_MISSES));
        assertEquals(1, stats.currItems());
        assertEquals(Item.sizeOf(1, 1), stats.bytes());
    }

    @Test
    void touchDeleteAndDeltaCounters() {
        store.set("n", 0, 0, bytes("5"));
        store.touch("n", 10);
        store.touch("x", 10);
        store.getAndTouch(10, List.of("n", "x", "y"));
        store.incr("n", 1);
        store.incr("x", 1);
        store.decr("n", 1);
        store.decr("x", 1);
        store.decr("y", 1);
        store.delete("n");
        store.delete("n");

        StoreStats stats = store.stats();
        assertEquals(5, stats.get(StoreCounter.CMD_TOUCH));
        assertEquals(2, stats.get(StoreCounter.TOUCH_HITS));
        assertEquals(3, stats.get(StoreCounter.TOUCH_MISSES));
        assertEquals(1, stats.get(StoreCounter.INCR_HITS));
        assertEquals(1, stats.get(StoreCounter.INCR_MISSES));
        assertEquals(1, stats.get(StoreCounter.DECR_HITS));
        assertEquals(2, stats.get(StoreCounter.DECR_MISSES));
        assertEquals(1, stats.get(StoreCounter.DELETE_HITS));
        assertEquals(1, stats.get(StoreCounter.DELETE_MISSES));
        assertEquals(0, stats.get(StoreCounter.CMD_GET), "gat counts as touch, not get");
    }

    @Test
    void forEachEmitsMemcachedStatNamesInOrder() {
        store.set("k", 0, 0, bytes("v"));
        store.get("k");
        store.flushAll();
        Map<String, Long> seen = new LinkedHashMap<>();

        store.stats().forEach(seen::put);

        assertEquals(List.of("curr_items", "bytes", "cmd_get", "cmd_set", "cmd_flush", "cmd_touch", "get_hits",
                "get_misses", "get_expired", "get_flushed", "delete_misses", "delete_hits", "incr_misses",
                "incr_hits", "decr_misses", "decr_hits", "cas_misses", "cas_hits", "cas_badval", "touch_hits",
                "touch_misses", "total_items", "evictions", "reclaimed", "limit_maxbytes"),
                List.copyOf(seen.keySet()));
        assertEquals(1L, seen.get("cmd_get"));
        assertEquals(1L, seen.get("get_hits"));
        assertEquals(1L, seen.get("cmd_flush"));
        assertEquals(0L, seen.get("curr_items"));
        assertEquals(StoreOptions.DEFAULT_MEMORY_LIMIT, seen.get("limit_maxbytes"));
    }
}
