package dev.parley.memcached.client;

import dev.parley.client.ClientOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemcachedClusterOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        MemcachedClusterOptions d = MemcachedClusterOptions.defaults();
        assertEquals(MemcachedClusterOptions.DEFAULT_FAILURE_LIMIT, d.failureLimit());
        assertEquals(MemcachedClusterOptions.DEFAULT_CLIENT_OPTIONS, d.clientOptions());
        assertEquals(d, MemcachedClusterOptions.builder().build());
    }

    @Test
    void toBuilderRoundTrips() {
        MemcachedClusterOptions o = MemcachedClusterOptions.builder().failureLimit(7)
                .clientOptions(ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofMillis(250))).build())
                .build();
        assertEquals(o, o.toBuilder().build());
        assertEquals(o.hashCode(), o.toBuilder().build().hashCode());
        assertNotEquals(o, o.toBuilder().failureLimit(8).build());
    }

    @Test
    void buildRejectsAFailureLimitOutOfRange() {
        assertEquals("failureLimit: 0 (expected: 1..1000)", assertThrows(IllegalArgumentException.class,
                () -> MemcachedClusterOptions.builder().failureLimit(0).build()).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MemcachedClusterOptions.builder().failureLimit(1001).build());
        assertThrows(NullPointerException.class, () -> MemcachedClusterOptions.builder().clientOptions(null));
        assertEquals(1000, MemcachedClusterOptions.builder().failureLimit(1000).build().failureLimit());
    }
}
