package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StoreOptionsTest {

    @Test
    void defaultsMatchMemcached() {
        StoreOptions options = StoreOptions.defaults();

        assertEquals(64L * 1024 * 1024, options.memoryLimit());
        assertEquals(1024 * 1024, options.maxItemSize());
        assertEquals(StoreOptions.DEFAULT_SEGMENTS, options.segments());
        assertSame(StoreClock.system(), options.clock());
        assertSame(KeyPolicy.STRICT, options.keyPolicy());
        assertEquals(options, StoreOptions.builder().build());
    }

    @Test
    void toBuilderRoundTrips() {
        StoreClock clock = new ManualClock();
        StoreOptions options = StoreOptions.builder()
                .memoryLimit(10_000).maxItemSize(5_000).segments(8).keyPolicy(KeyPolicy.MEMCACHED_COMPATIBLE)
                .clock(clock).build();

        StoreOptions copy = options.toBuilder().build();

        assertEquals(options, copy);
        assertEquals(options.hashCode(), copy.hashCode());
        assertSame(clock, copy.clock());
        assertSame(KeyPolicy.MEMCACHED_COMPATIBLE, copy.keyPolicy());
        assertNotEquals(options, copy.toBuilder().keyPolicy(KeyPolicy.STRICT).build());
        assertNotEquals(options, copy.toBuilder().segments(4).build());
    }

    @Test
    void settersRejectOutOfRangeValuesNamingTheBound() {
        StoreOptions.Builder builder = StoreOptions.builder();

        assertEquals("memoryLimit: 0 (expected: > 0)",
                assertThrows(IllegalArgumentException.class, () -> builder.memoryLimit(0)).getMessage());
        assertEquals("maxItemSize: 48 (expected: > 48)",
                assertThrows(IllegalArgumentException.class, () -> builder.maxItemSize(48)).getMessage());
        assertEquals("segments: 3 (expected: a power of two in 1-1024)",
                assertThrows(IllegalArgumentException.class, () -> builder.segments(3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.segments(2048));
        assertThrows(NullPointerException.class, () -> builder.clock(null));
        assertThrows(NullPointerException.class, () -> builder.keyPolicy(null));
    }

    @Test
    void buildRejectsItemLimitAboveMemoryLimit() {
        StoreOptions.Builder builder = StoreOptions.builder().memoryLimit(1000).maxItemSize(1001);

        assertEquals("maxItemSize: 1001 (expected: <= memoryLimit 1000)",
                assertThrows(IllegalStateException.class, builder::build).getMessage());
    }
}
