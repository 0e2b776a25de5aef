package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static dev.parley.memcached.store.StoreTestSupport.storeWith;
import static dev.parley.memcached.store.StoreTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetrievalAndTouchTest {

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = storeWith(clock);

    @Test
    void getReturnsItemWithKeyFlagsValueAndCas() {
        store.set("k", 3, 0, bytes("value"));

        Item item = store.get("k");
        assertEquals("k", item.key());
        assertEquals(3, item.flags());
        assertEquals("value", text(item));
        assertEquals(Item.NEVER_EXPIRES, item.expiresAtMillis());
    }

    @Test
    void getOfMissingKeyIsNull() {
        assertNull(store.get("missing"));
    }

    @Test
    void multiGetReturnsHitsInRequestOrderAndSkipsMisses() {
        store.set("a", 0, 0, bytes("1"));
        store.set("c", 0, 0, bytes("3"));

        List<Item> items = store.get(List.of("c", "b", "a", "c"));

        assertEquals(List.of("c", "a", "c"), items.stream().map(Item::key).collect(Collectors.toList()));
        assertEquals(List.of("3", "1", "3"),
                items.stream().map(StoreTestSupport::text).collect(Collectors.toList()));
    }

    @Test
    void keysAreBytesSoLatin1CharsAreDistinctKeys() {
        store.set("caf\u00e9", 0, 0, bytes("latin1"));

        assertNull(store.get("cafe"));
        assertEquals("latin1", text(store.get("caf\u00e9")));
    }

    @Test
    void touchReplacesExpiryOfExistingItem() {
        store.set("k", 0, 10, bytes("v"));

        assertEquals(TouchResult.TOUCHED, store.touch("k", 100));
        clock.advanceSeconds(50);
        assertEquals("v", text(store.get("k")));
        clock.advanceSeconds(50);
        assertNull(store.get("k"));
    }

    @Test
    void touchCanShortenExpiryToo() {
        store.set("k", 0, 0, bytes("v"));

        store.touch("k", 5);
        clock.advanceSeconds(5);

        assertNull(store.get("k"));
    }

    @Test
    void touchOfMissingOrExpiredKeyIsNotFound() {
        assertEquals(TouchResult.NOT_FOUND, store.touch("k", 10));
        store.set("k", 0, 1, bytes("v"));
        clock.advanceSeconds(1);
        assertEquals(TouchResult.NOT_FOUND, store.touch("k", 10));
    }

    @Test
    void touchWithNegativeExptimeExpiresTheItem() {
        store.set("k", 0, 0, bytes("v"));

        assertEquals(TouchResult.TOUCHED, store.touch("k", -1));
        assertNull(store.get("k"));
    }

    @Test
    void getAndTouchReturnsItemWithNewExpiry() {
        store.set("k", 9, 10, bytes("v"));
        long cas = store.get("k").cas();

        Item item = store.getAndTouch(60, "k");

        assertEquals("v", text(item));
        assertEquals(9, item.flags());
        assertEquals(cas, item.cas(), "gat keeps the cas unique");
        assertEquals(ManualClock.START_MILLIS + 60_000, item.expiresAtMillis());
        clock.advanceSeconds(30);
        assertNotNull(store.get("k"), "the old 10 s expiry no longer applies");
        clock.advanceSeconds(30);
        assertNull(store.get("k"));
    }

    @Test
    void getAndTouchWithZeroMakesItemPermanent() {
        store.set("k", 0, 10, bytes("v"));

        store.getAndTouch(0, "k");
        clock.advanceSeconds(Expiry.MAX_RELATIVE_SECONDS);

        assertEquals("v", text(store.get("k")));
    }

    @Test
    void getAndTouchOfManyKeysSkipsMisses() {
        store.set("a", 0, 0, bytes("1"));
        store.set("b", 0, 0, bytes("2"));

        List<Item> items = store.getAndTouch(5, List.of("a", "nope", "b"));

        assertEquals(List.of("a", "b"), items.stream().map(Item::key).collect(Collectors.toList()));
        clock.advanceSeconds(5);
        assertNull(store.get("a"));
        assertNull(store.get("b"));
    }

    @Test
    void getAndTouchWithNegativeExptimeReturnsItemOnceThenItIsGone() {
        store.set("k", 0, 0, bytes("v"));

        assertEquals("v", text(store.getAndTouch(-1, "k")));
        assertNull(store.get("k"));
        assertNull(store.getAndTouch(100, "k"));
    }

    @Test
    void deleteRemovesAndReportsMissingKeys() {
        store.set("k", 0, 0, bytes("v"));

        assertEquals(DeleteResult.DELETED, store.delete("k"));
        assertNull(store.get("k"));
        assertEquals(DeleteResult.NOT_FOUND, store.delete("k"));
    }

    @Test
    void deleteOfExpiredItemIsNotFound() {
        store.set("k", 0, 1, bytes("v"));
        clock.advanceSeconds(1);

        assertEquals(DeleteResult.NOT_FOUND, store.delete("k"));
    }
}
