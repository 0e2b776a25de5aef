package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The segment a key goes to must not depend on the hash bits its segment's {@code HashMap} uses for the table slot;
 * otherwise each segment fills one slot in sixteen and its chains turn into trees (seen under memcaslap).
 */
class SegmentSpreadTest {

    @Test
    void keysOfOneSegmentUseEveryLowHashPattern() {
        ItemStore store = ItemStore.create(StoreOptions.builder().segments(16).build());
        Set<Integer> lowBitsInSegmentZero = new HashSet<>();
        int[] perSegment = new int[16];
        for (int i = 0; i < 20_000; i++) {
            String key = "key:" + i;
            int segment = store.segmentIndex(key);
            perSegment[segment]++;
            if (segment == 0) {
                lowBitsInSegmentZero.add(ItemTable.hash(key) & 15);
            }
        }
        assertEquals(16, lowBitsInSegmentZero.size(), "table slots used by segment 0, modulo 16");
        for (int count : perSegment) {
            assertTrue(count > 20_000 / 16 / 2, "keys per segment: " + count);
        }
    }

    @Test
    void oneSegmentTakesEveryKey() {
        ItemStore store = ItemStore.create(StoreOptions.builder().segments(1).build());
        assertEquals(0, store.segmentIndex("a"));
        assertEquals(0, store.segmentIndex("key:12345"));
    }
}
