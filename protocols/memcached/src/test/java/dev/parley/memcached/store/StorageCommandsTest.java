package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.assertValue;
import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static dev.parley.memcached.store.StoreTestSupport.storeWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StorageCommandsTest {

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = storeWith(clock);

    @Test
    void setStoresAndOverwritesWithNewFlagsAndCas() {
        assertEquals(StoreResult.STORED, store.set("k", 7, 0, bytes("one")));
        Item first = store.get("k");
        assertEquals(StoreResult.STORED, store.set("k", 9, 0, bytes("two")));
        Item second = store.get("k");

        assertEquals("two", StoreTestSupport.text(second));
        assertEquals(9, second.flags());
        assertEquals(7, first.flags());
        assertTrue(Long.compareUnsigned(second.cas(), first.cas()) > 0, "cas grows with every modification");
    }

    @Test
    void flagsKeepAllThirtyTwoBits() {
        int maxUnsigned = (int) 0xFFFF_FFFFL;
        store.set("k", maxUnsigned, 0, bytes("v"));

        assertEquals("4294967295", Integer.toUnsignedString(store.get("k").flags()));
    }

    @Test
    void emptyValueIsStored() {
        assertEquals(StoreResult.STORED, store.set("k", 0, 0, new byte[0]));
        assertEquals(0, store.get("k").value().length);
    }

    @Test
    void addStoresOnlyWhenKeyIsMissing() {
        assertEquals(StoreResult.STORED, store.add("k", 1, 0, bytes("first")));
        assertEquals(StoreResult.NOT_STORED, store.add("k", 2, 0, bytes("second")));
        assertValue(store, "k", "first");
        assertEquals(1, store.get("k").flags());
    }

    @Test
    void addSucceedsOverAnExpiredItem() {
        store.set("k", 0, 10, bytes("old"));
        clock.advanceSeconds(10);

        assertEquals(StoreResult.STORED, store.add("k", 0, 0, bytes("new")));
        assertValue(store, "k", "new");
    }

    @Test
    void replaceStoresOnlyWhenKeyExists() {
        assertEquals(StoreResult.NOT_STORED, store.replace("k", 0, 0, bytes("v")));
        assertNull(store.get("k"));

        store.set("k", 1, 0, bytes("old"));
        assertEquals(StoreResult.STORED, store.replace("k", 2, 0, bytes("new")));
        assertValue(store, "k", "new");
        assertEquals(2, store.get("k").flags());
    }

    @Test
    void appendAndPrependNeedAnExistingItem() {
        assertEquals(StoreResult.NOT_STORED, store.append("k", bytes("x")));
        assertEquals(StoreResult.NOT_STORED, store.prepend("k", bytes("x")));
        assertNull(store.get("k"));
    }

    @Test
    void appendAndPrependJoinValuesAndKeepFlagsAndExpiry() {
        store.set("k", 42, 100, bytes("mid"));
        long expiresAt = store.get("k").expiresAtMillis();
        long casBefore = store.get("k").cas();

        assertEquals(StoreResult.STORED, store.append("k", bytes(">>")));
        assertEquals(StoreResult.STORED, store.prepend("k", bytes("<<")));

        Item item = store.get("k");
        assertEquals("<<mid>>", StoreTestSupport.text(item));
        assertEquals(42, item.flags());
        assertEquals(expiresAt, item.expiresAtMillis());
        assertNotEquals(casBefore, item.cas());
        clock.advanceSeconds(100);
        assertNull(store.get("k"), "append kept the original expiry");
    }

    @Test
    void casStoresWhenUniqueMatches() {
        store.set("k", 0, 0, bytes("v1"));
        long cas = store.get("k").cas();

        assertEquals(StoreResult.STORED, store.cas("k", 5, 0, bytes("v2"), cas));
        assertValue(store, "k", "v2");
        assertEquals(5, store.get("k").flags());
    }

    @Test
    void casWithStaleUniqueIsExistsAndChangesNothing() {
        store.set("k", 0, 0, bytes("v1"));
        long cas = store.get("k").cas();

        assertEquals(StoreResult.EXISTS, store.cas("k", 0, 0, bytes("v2"), cas + 1));
        assertValue(store, "k", "v1");
        assertEquals(cas, store.get("k").cas());
    }

    @Test
    void casOnMissingKeyIsNotFound() {
        assertEquals(StoreResult.NOT_FOUND, store.cas("k", 0, 0, bytes("v"), 1));
        assertNull(store.get("k"));
    }

    @Test
    void twoClientsRacingWithTheSameUniqueOnlyTheFirstWins() {
        store.set("k", 0, 0, bytes("start"));
        long seenByA = store.get("k").cas();
        long seenByB = store.get("k").cas();

        assertEquals(StoreResult.STORED, store.cas("k", 0, 0, bytes("from A"), seenByA));
        assertEquals(StoreResult.EXISTS, store.cas("k", 0, 0, bytes("from B"), seenByB));
        assertValue(store, "k", "from A");
    }

    @Test
    void casOnDeletedKeyIsNotFound() {
        store.set("k", 0, 0, bytes("v"));
        long cas = store.get("k").cas();
        store.delete("k");

        assertEquals(StoreResult.NOT_FOUND, store.cas("k", 0, 0, bytes("v2"), cas));
    }

    @Test
    void casUniqueIsBumpedByEveryModificationButNotByTouch() {
        store.set("k", 0, 0, bytes("1"));
        long afterSet = store.get("k").cas();
        store.incr("k", 1);
        long afterIncr = store.get("k").cas();
        store.touch("k", 100);
        long afterTouch = store.get("k").cas();

        assertNotEquals(afterSet, afterIncr);
        assertEquals(afterIncr, afterTouch);
        assertEquals(StoreResult.EXISTS, store.cas("k", 0, 0, bytes("x"), afterSet));
        assertEquals(StoreResult.STORED, store.cas("k", 0, 0, bytes("x"), afterTouch));
    }

    @Test
    void casUniquesAreUniqueAcrossKeys() {
        store.set("a", 0, 0, bytes("v"));
        store.set("b", 0, 0, bytes("v"));

        assertNotEquals(store.get("a").cas(), store.get("b").cas());
    }

    @Test
    void invalidKeysAreRejectedByEveryCommand() {
        String spaced = "has space";
        String tooLong = "k".repeat(Keys.MAX_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> store.set(spaced, 0, 0, bytes("v")));
        assertThrows(IllegalArgumentException.class, () -> store.get(tooLong));
        assertThrows(IllegalArgumentException.class, () -> store.delete(""));
        assertThrows(IllegalArgumentException.class, () -> store.incr("a\nb", 1));
        assertEquals(StoreResult.STORED, store.set("k".repeat(Keys.MAX_LENGTH), 0, 0, bytes("v")));
    }
}
