package dev.parley.memcached;

import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.ManualClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The options' defaults, checks and builder round trip. */
class MemcachedServerOptionsTest {

    @Test
    void defaultsMatchMemcached() {
        MemcachedServer s = MemcachedServer.builder().build();
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals(11211, s.port());
        assertEquals(64L * 1024 * 1024, s.memoryLimit());
        assertEquals(1024 * 1024, s.maxItemSize());
        assertEquals(1024, s.maxConnections());
        assertSame(KeyPolicy.STRICT, s.keyPolicy());
        assertSame(KeyPolicy.STRICT, s.storeOptions().keyPolicy());
    }

    @Test
    void toBuilderRoundTrips() {
        MemcachedServer s = MemcachedServer.builder().bindAddress("0.0.0.0").port(0).memoryLimit(1 << 20)
                .maxItemSize(4096).maxConnections(3).threads(1).keyPolicy(KeyPolicy.MEMCACHED_COMPATIBLE).clock(new ManualClock())
                .build();
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertSame(KeyPolicy.MEMCACHED_COMPATIBLE, s.storeOptions().keyPolicy());
        assertNotEquals(s, s.toBuilder().keyPolicy(KeyPolicy.STRICT).build());
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().port(65536));
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().memoryLimit(0));
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().maxItemSize(10));
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().maxConnections(0));
        assertThrows(IllegalStateException.class,
                () -> MemcachedServer.builder().memoryLimit(1000).maxItemSize(2000).build());
    }
}
