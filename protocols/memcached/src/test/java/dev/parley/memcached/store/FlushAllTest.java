package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static dev.parley.memcached.store.StoreTestSupport.storeWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FlushAllTest {

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = storeWith(clock);

    @Test
    void flushNowInvalidatesEverythingAndFreesMemory() {
        store.set("a", 0, 0, bytes("1"));
        store.set("b", 0, 0, bytes("2"));

        store.flushAll();

        assertNull(store.get("a"));
        assertNull(store.get("b"));
        assertEquals(0, store.stats().currItems());
        assertEquals(0, store.stats().bytes());
    }

    @Test
    void itemsStoredAfterFlushInTheSameMillisecondSurvive() {
        store.set("a", 0, 0, bytes("old"));
        store.flushAll();
        store.set("a", 0, 0, bytes("new"));

        assertEquals("new", StoreTestSupport.text(store.get("a")));
    }

    @Test
    void delayedFlushWaitsForItsTime() {
        store.set("early", 0, 0, bytes("1"));
        store.flushAll(10);

        clock.advanceSeconds(5);
        assertNotNull(store.get("early"));
        store.set("between", 0, 0, bytes("2"));

        clock.advanceSeconds(5);
        assertNull(store.get("early"));
        assertNull(store.get("between"), "items existing when the flush takes effect are invalidated");

        store.set("late", 0, 0, bytes("3"));
        clock.advanceSeconds(100);
        assertNotNull(store.get("late"), "items stored after the flush time are unaffected");
    }

    @Test
    void delayedFlushAcceptsAnAbsoluteUnixTime() {
        store.set("k", 0, 0, bytes("v"));
        store.flushAll(clock.unixSeconds() + 3600);

        clock.advanceSeconds(3599);
        assertNotNull(store.get("k"));
        clock.advanceSeconds(1);
        assertNull(store.get("k"));
    }

    @Test
    void zeroDelayIsImmediate() {
        store.set("k", 0, 0, bytes("v"));

        store.flushAll(0);

        assertNull(store.get("k"));
    }

    @Test
    void laterFlushReplacesAPendingOne() {
        store.set("k", 0, 0, bytes("v"));
        store.flushAll(10);
        store.flushAll(20);

        clock.advanceSeconds(10);
        assertNotNull(store.get("k"));
        clock.advanceSeconds(10);
        assertNull(store.get("k"));
    }

    @Test
    void itemsInvalidatedByAnEarlierFlushStayInvalidAfterANewDelayedFlush() {
        store.set("k", 0, 0, bytes("v"));
        store.flushAll(10);
        clock.advanceSeconds(10);

        store.flushAll(60);

        assertNull(store.get("k"));
    }

    @Test
    void immediateFlushCancelsAPendingDelayedOne() {
        store.flushAll(10);
        store.flushAll();
        store.set("k", 0, 0, bytes("v"));

        clock.advanceSeconds(20);

        assertNotNull(store.get("k"));
    }

    @Test
    void flushedItemsCountAsFlushedMissesAndFlushesAreCounted() {
        store.set("k", 0, 0, bytes("v"));
        store.flushAll(1);
        clock.advanceSeconds(1);

        assertNull(store.get("k"));

        StoreStats stats = store.stats();
        assertEquals(1, stats.get(StoreCounter.CMD_FLUSH));
        assertEquals(1, stats.get(StoreCounter.GET_FLUSHED));
        assertEquals(1, stats.get(StoreCounter.GET_MISSES));
    }

    @Test
    void flushedItemsCannotBeModified() {
        store.set("k", 0, 0, bytes("1"));
        store.flushAll(1);
        clock.advanceSeconds(1);

        assertEquals(StoreResult.NOT_STORED, store.replace("k", 0, 0, bytes("2")));
        assertEquals(DeltaResult.Status.NOT_FOUND, store.incr("k", 1).status());
        assertEquals(StoreResult.STORED, store.add("k", 0, 0, bytes("3")));
    }
}
