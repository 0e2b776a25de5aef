package dev.parley.memcached;

import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.ManualClock;
import dev.parley.server.Authenticator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options' defaults, checks and builder round trip. */
class MemcachedServerOptionsTest {

    @Test
    void defaultsMatchMemcached() {
        MemcachedServer m = MemcachedServer.builder().build();
        assertEquals("127.0.0.1", m.server().bindAddress());
        assertEquals(11211, m.port());
        assertEquals(64L * 1024 * 1024, m.memoryLimit());
        assertEquals(1024 * 1024, m.maxItemSize());
        assertEquals(1024, m.server().limits().maxConnections());
        assertEquals(Duration.ZERO, m.server().limits().idleTimeout());
        assertEquals(Duration.ZERO, m.server().limits().handlerTimeout());
        assertEquals(MemcachedServer.DEFAULT_SERVER, m.server());
        assertSame(KeyPolicy.STRICT, m.keyPolicy());
        assertSame(KeyPolicy.STRICT, m.storeOptions().keyPolicy());
    }

    @Test
    void toBuilderRoundTrips() {
        MemcachedServer m = MemcachedServer.builder().memoryLimit(1 << 20).maxItemSize(4096)
                .server(s -> s.bindAddress("0.0.0.0").port(0).limits(l -> l.maxConnections(3)).ioThreads(1))
                .keyPolicy(KeyPolicy.MEMCACHED_COMPATIBLE).clock(new ManualClock())
                .build();
        assertEquals(m, m.toBuilder().build());
        assertEquals(m.hashCode(), m.toBuilder().build().hashCode());
        assertEquals(m.toString(), m.toBuilder().build().toString());
        assertSame(KeyPolicy.MEMCACHED_COMPATIBLE, m.storeOptions().keyPolicy());
        assertNotEquals(m, m.toBuilder().keyPolicy(KeyPolicy.STRICT).build());
        // changing one limit keeps memcached's others
        assertEquals(Duration.ZERO, m.server().limits().idleTimeout());
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().server(s -> s.port(65536)));
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().memoryLimit(0));
        assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder().maxItemSize(10));
        assertThrows(IllegalArgumentException.class,
                () -> MemcachedServer.builder().server(s -> s.limits(l -> l.maxConnections(0))));
        IllegalArgumentException auth = assertThrows(IllegalArgumentException.class, () -> MemcachedServer.builder()
                .server(s -> s.authenticator(Authenticator.sharedToken("t"))).build());
        assertTrue(auth.getMessage().endsWith("(expected: none; memcached's text protocol has no authentication)"));
        assertThrows(IllegalStateException.class,
                () -> MemcachedServer.builder().memoryLimit(1000).maxItemSize(2000).build());
    }
}
