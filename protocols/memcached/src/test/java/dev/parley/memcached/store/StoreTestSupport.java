package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

/** Small helpers shared by the store tests. */
final class StoreTestSupport {

    private StoreTestSupport() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(Item item) {
        assertNotNull(item, "item");
        return new String(item.value(), StandardCharsets.ISO_8859_1);
    }

    static void assertValue(ItemStore store, String key, String expected) {
        assertEquals(expected, text(store.get(key)), key);
    }

    static ItemStore storeWith(ManualClock clock) {
        return ItemStore.create(StoreOptions.builder().clock(clock).build());
    }
}
