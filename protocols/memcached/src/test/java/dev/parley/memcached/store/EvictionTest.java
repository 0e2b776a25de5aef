package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EvictionTest {

    /** Key "kN" (2 bytes) + 50-byte value + overhead. */
    private static final int ITEM_SIZE = 2 + 50 + Item.OVERHEAD;
    private static final byte[] VALUE = new byte[50];

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = ItemStore.create(StoreOptions.builder()
            .clock(clock)
            .segments(1)
            .memoryLimit(10 * ITEM_SIZE)
            .maxItemSize(4 * ITEM_SIZE)
            .build());

    private void fill() {
        for (int i = 0; i < 10; i++) {
            assertEquals(StoreResult.STORED, store.set("k" + i, 0, 0, VALUE));
        }
        assertEquals(10 * ITEM_SIZE, store.stats().bytes());
    }

    @Test
    void storingBeyondTheLimitEvictsTheLeastRecentlyStored() {
        fill();

        assertEquals(StoreResult.STORED, store.set("kA", 0, 0, VALUE));

        assertNull(store.get("k0"));
        assertNotNull(store.get("k1"));
        assertNotNull(store.get("kA"));
        assertEquals(1, store.stats().get(StoreCounter.EVICTIONS));
        assertEquals(10 * ITEM_SIZE, store.stats().bytes());
    }

    @Test
    void recentlyReadItemsSurviveEviction() {
        fill();
        // A read moves an item at most once per bump interval, counted from its last use (here: being stored).
        clock.advanceSeconds(Segment.LRU_BUMP_INTERVAL_MILLIS / 1000);
        store.get("k0");
        store.get("k1");

        store.set("kA", 0, 0, VALUE);
        store.set("kB", 0, 0, VALUE);

        assertNotNull(store.get("k0"));
        assertNotNull(store.get("k1"));
        assertNull(store.get("k2"));
        assertNull(store.get("k3"));
        assertNotNull(store.get("k4"));
    }

    @Test
    void aReadWithinTheBumpIntervalOfTheLastUseLeavesTheItemInPlace() {
        fill();
        clock.advanceSeconds(Segment.LRU_BUMP_INTERVAL_MILLIS / 1000 - 1);
        assertNotNull(store.get("k0"));

        store.set("kA", 0, 0, VALUE);

        assertNull(store.get("k0"), "read 59 s after being stored: still the least recently used, as in memcached");
        assertNotNull(store.get("k1"));
    }

    @Test
    void rewritingAnItemMakesItRecent() {
        fill();
        store.set("k0", 0, 0, VALUE);

        store.set("kA", 0, 0, VALUE);

        assertNotNull(store.get("k0"));
        assertNull(store.get("k1"));
    }

    @Test
    void aLargeItemEvictsAsManyAsItNeeds() {
        fill();

        assertEquals(StoreResult.STORED, store.set("big", 0, 0, new byte[3 * ITEM_SIZE - 3 - Item.OVERHEAD]));

        for (int i = 0; i < 3; i++) {
            assertNull(store.get("k" + i));
        }
        assertNotNull(store.get("k3"));
        assertEquals(3, store.stats().get(StoreCounter.EVICTIONS));
    }

    @Test
    void growingAnItemNeverEvictsTheItemItself() {
        fill();
        store.get("k1");
        store.get("k2");
        store.get("k3");
        store.get("k4");
        store.get("k5");
        store.get("k6");
        store.get("k7");
        store.get("k8");
        store.get("k9");

        assertEquals(StoreResult.STORED, store.append("k0", new byte[ITEM_SIZE]));

        assertEquals(50 + ITEM_SIZE, store.get("k0").value().length);
        assertNull(store.get("k1"), "the LRU neighbour went instead");
    }

    @Test
    void expiredItemsAreReclaimedRatherThanCountedAsEvictions() {
        store.set("k0", 0, 1, VALUE);
        for (int i = 1; i < 10; i++) {
            store.set("k" + i, 0, 0, VALUE);
        }
        clock.advanceSeconds(1);

        store.set("kA", 0, 0, VALUE);

        StoreStats stats = store.stats();
        assertEquals(1, stats.get(StoreCounter.RECLAIMED));
        assertEquals(0, stats.get(StoreCounter.EVICTIONS));
        assertEquals(10, stats.currItems());
    }

    @Test
    void itemsAboveTheSizeLimitAreRejected() {
        int exactlyAtLimit = 4 * ITEM_SIZE - Item.OVERHEAD - 1;

        assertEquals(StoreResult.STORED, store.set("k", 0, 0, new byte[exactlyAtLimit]));
        assertEquals(StoreResult.TOO_LARGE, store.add("x", 0, 0, new byte[exactlyAtLimit + 1]));
        assertEquals(StoreResult.TOO_LARGE, store.replace("k", 0, 0, new byte[exactlyAtLimit + 1]));
        assertEquals(StoreResult.TOO_LARGE, store.append("k", bytes("!")));
        assertEquals(exactlyAtLimit, store.get("k").value().length, "failed non-set commands keep the item");
        assertNull(store.get("x"));
    }

    @Test
    void tooLargeSetRemovesTheStaleItem() {
        store.set("k", 0, 0, bytes("old"));

        assertEquals(StoreResult.TOO_LARGE, store.set("k", 0, 0, new byte[4 * ITEM_SIZE]));

        assertNull(store.get("k"));
        assertEquals(0, store.stats().bytes());
    }

    @Test
    void tooLargeReplyIsTheServerError() {
        assertEquals("SERVER_ERROR object too large for cache", StoreResult.TOO_LARGE.reply());
        assertEquals("SERVER_ERROR out of memory storing object", StoreResult.OUT_OF_MEMORY.reply());
    }

    @Test
    void evictionReachesIntoOtherSegments() {
        ItemStore striped = ItemStore.create(StoreOptions.builder()
                .clock(clock).segments(4).memoryLimit(10 * ITEM_SIZE).maxItemSize(8 * ITEM_SIZE).build());
        for (int i = 0; i < 10; i++) {
            striped.set("k" + i, 0, 0, VALUE);
        }

        assertEquals(StoreResult.STORED, striped.set("big", 0, 0, new byte[8 * ITEM_SIZE - 3 - Item.OVERHEAD]));

        StoreStats stats = striped.stats();
        assertEquals(8, stats.get(StoreCounter.EVICTIONS));
        assertEquals(3, stats.currItems());
        assertTrue(stats.bytes() <= 10 * ITEM_SIZE);
    }

    @Test
    void whenNothingCanBeEvictedTheStoreIsOutOfMemoryAndSetDropsTheOldItem() {
        MemoryBudget budget = new MemoryBudget(1000);
        assertTrue(budget.tryReserve(800), "memory held by items this segment cannot evict");
        Segment segment = new Segment(budget, new AtomicLong(), 1000);
        segment.peers(new Segment[] {segment});
        long now = clock.currentTimeMillis();
        long noFlush = Long.MIN_VALUE;
        assertEquals(StoreResult.STORED,
                segment.store(Segment.Mode.SET, "k", 0, 0, new byte[100], 0, now, noFlush));

        assertEquals(StoreResult.OUT_OF_MEMORY,
                segment.store(Segment.Mode.APPEND, "k", 0, 0, new byte[100], 0, now, noFlush));
        assertNotNull(segment.get("k", now, noFlush), "a failed append keeps the item");
        assertEquals(StoreResult.OUT_OF_MEMORY,
                segment.store(Segment.Mode.SET, "k", 0, 0, new byte[200], 0, now, noFlush));

        assertNull(segment.get("k", now, noFlush));
        assertEquals(800, budget.used());
    }
}
