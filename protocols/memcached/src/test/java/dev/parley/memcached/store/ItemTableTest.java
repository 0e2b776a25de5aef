package dev.parley.memcached.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link ItemTable} against a {@link LinkedHashMap} kept in the same LRU order, through random puts, replacements,
 * removals and moves over keys that share hash buckets, across the table's growth.
 */
class ItemTableTest {

    @Test
    void behavesAsAnLruOrderedMap() {
        ItemTable table = new ItemTable();
        Map<String, Item> model = new LinkedHashMap<>();
        Random random = new Random(42);
        // 31 * 'A' + 'a' == 31 * 'B' + 'B', and the table's hash runs one such polynomial over every fourth char:
        // the two parts, and keys built from them, collide whole.
        String[] parts = {"AxyzaXYZ", "BxyzBXYZ"};
        assertEquals(ItemTable.hash(parts[0] + parts[1] + 7), ItemTable.hash(parts[1] + parts[0] + 7));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            keys.add(parts[i & 1] + parts[(i >> 1) & 1] + (i >> 2));
        }
        for (int step = 0; step < 20_000; step++) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    Item item = item(key, step);
                    assertSame(model.remove(key), table.put(item), key);
                    model.put(key, item);
                }
                case 2 -> {
                    Item present = model.remove(key);
                    if (present != null) {
                        table.remove(present);
                    } else {
                        table.remove(item(key, -1)); // not in the table: nothing happens
                    }
                }
                default -> {
                    Item present = model.get(key);
                    if (present != null) {
                        model.remove(key);
                        model.put(key, present);
                        table.moveToNewest(present);
                    }
                }
            }
            assertSame(model.get(key), table.get(key), key);
            assertEquals(model.size(), table.size());
        }
        List<Item> order = new ArrayList<>();
        for (Item e = table.eldest(); e != null; e = e.lruNewer) {
            order.add(e);
        }
        assertEquals(new ArrayList<>(model.values()), order);
        for (String key : keys) {
            assertSame(model.get(key), table.get(key), key);
        }
        long bytes = 0;
        for (Item item : model.values()) {
            bytes += item.size();
        }
        assertEquals(bytes, table.clear());
        assertEquals(0, table.size());
        assertNull(table.eldest());
        assertNull(table.get(keys.get(0)));
    }

    @Test
    void aKeyIsComparedByteForChar() {
        ItemTable table = new ItemTable();
        Item high = item("k\u00e9y", 1);
        table.put(high);
        assertSame(high, table.get("k\u00e9y"));
        assertNull(table.get("key"));
        assertEquals("k\u00e9y", high.key());
        assertEquals(3, high.keyLength());
    }

    @Test
    void keysAsLongAsAllowedAreFoundAndLongerOnesAreUnderNoItem() {
        ItemTable table = new ItemTable();
        String longest = "\u00ff".repeat(Keys.MAX_LENGTH);
        Item item = item(longest, 1);
        table.put(item);
        assertSame(item, table.get(longest));
        assertSame(item, table.get(new String(longest.toCharArray())), "an equal key, not the same instance");
        assertNull(table.get(longest.substring(1) + "\u00fe"), "the last byte differs");
        assertNull(table.get(longest + "\u00ff"));
    }

    private static Item item(String key, int n) {
        return new Item(key, n, new byte[] {(byte) n}, n, Item.NEVER_EXPIRES, 1);
    }
}
