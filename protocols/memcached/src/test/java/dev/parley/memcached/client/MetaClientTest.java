package dev.parley.memcached.client;

import dev.parley.client.RemoteErrorException;
import dev.parley.memcached.MemcachedServer;
import dev.parley.memcached.ReferenceMemcached;
import dev.parley.memcached.RunningMemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The meta commands through {@link MemcachedClient}, the same scenarios against the real memcached
 * ({@value #MEMCACHED}, started on a free loopback port) and against this project's {@link MemcachedServer}. The
 * memcached runs are skipped only when the binary is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetaClientTest {

    static final String MEMCACHED = ReferenceMemcached.BINARY;

    private ReferenceMemcached memcached;
    private RunningMemcachedServer parley;
    private MemcachedClient toMemcached;
    private MemcachedClient toParley;

    @BeforeAll
    void start() throws Exception {
        parley = MemcachedServer.builder().server(s -> s.port(0).ioThreads(1)).build().start();
        toParley = MemcachedClient.connect(new InetSocketAddress("127.0.0.1", parley.port()));
        if (ReferenceMemcached.isInstalled()) {
            memcached = ReferenceMemcached.start();
            toMemcached = MemcachedClient.connect(memcached.address());
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (MemcachedClient c : new MemcachedClient[] {toMemcached, toParley}) {
            if (c != null) {
                c.close();
            }
        }
        if (parley != null) {
            parley.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    @BeforeEach
    void flush() {
        toParley.blocking().flushAll();
        if (toMemcached != null) {
            toMemcached.blocking().flushAll();
        }
    }

    private BlockingMemcachedClient target(String which) {
        if ("memcached".equals(which)) {
            assumeTrue(toMemcached != null, MEMCACHED + " is not installed");
            return toMemcached.blocking();
        }
        return toParley.blocking();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void getSetValueFlagsCasAndTtl(String which) {
        BlockingMemcachedClient mc = target(which);
        assertEquals(MetaStatus.MISS, mc.metaGet("k", MetaGet.options().value()).status());
        MetaResult set = mc.metaSet("k", bytes("hello"), MetaSet.options().flags(7).ttl(100).returnCas());
        assertEquals(MetaStatus.OK, set.status());
        assertNotEquals(0, set.cas());
        MetaResult got = mc.metaGet("k", MetaGet.options().value().cas().flags().ttl());
        assertEquals(MetaStatus.VALUE, got.status());
        assertEquals("k", got.key());
        assertEquals("hello", got.valueAsString());
        assertEquals(7, got.flags());
        assertEquals(set.cas(), got.cas());
        assertTrue(got.ttl() > 0 && got.ttl() <= 100, "ttl " + got.ttl());
        MetaResult hit = mc.metaGet("k", MetaGet.options());
        assertEquals(MetaStatus.OK, hit.status());
        assertNull(hit.value());
        assertEquals(MetaResult.NO_TTL, hit.ttl());
        assertEquals(MetaStatus.VALUE, mc.metaGet("k", MetaGet.options().value().touch(0).ttl()).status());
        assertEquals(-1, mc.metaGet("k", MetaGet.options().ttl()).ttl());
        assertEquals(MetaStatus.OK, mc.metaSet("e", new byte[0], MetaSet.options()).status());
        assertEquals(0, mc.metaGet("e", MetaGet.options().value()).value().length);
        assertEquals(MetaStatus.NOOP, await(which).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void aQuietBatchAnswersTheHitsOnly(String which) {
        BlockingMemcachedClient mc = target(which);
        mc.metaSet("a", bytes("one"), MetaSet.options().flags(3));
        mc.metaSet("odd key", bytes("two"), MetaSet.options());
        java.util.Map<String, MetaResult> hits = mc.metaGetAll(java.util.List.of("a", "missing", "odd key", "a"),
                MetaGet.options().value().flags());
        assertEquals(java.util.List.of("a", "odd key"), java.util.List.copyOf(hits.keySet()));
        assertEquals("one", hits.get("a").valueAsString());
        assertEquals(3, hits.get("a").flags());
        assertEquals("a", hits.get("a").key());
        assertEquals("0", hits.get("a").opaque());
        assertEquals("two", hits.get("odd key").valueAsString());
        assertEquals("odd key", hits.get("odd key").key());
        assertEquals(java.util.Map.of(), mc.metaGetAll(java.util.List.of("none", "nothing"), MetaGet.options()));
        // The stream is in step after the batches: the next replies answer their own requests.
        assertEquals("one", mc.metaGet("a", MetaGet.options().value()).valueAsString());
        assertEquals(MetaStatus.NOOP, await(which).status());
    }

    private MetaResult await(String which) {
        MemcachedClient c = "memcached".equals(which) ? toMemcached : toParley;
        return BlockingMemcachedClient.await(c.metaNoop());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void modesAndCasConflicts(String which) {
        BlockingMemcachedClient mc = target(which);
        assertEquals(MetaStatus.NOT_STORED, mc.metaSet("m", bytes("x"), MetaSet.options()
                .mode(MetaSet.Mode.REPLACE)).status());
        assertEquals(MetaStatus.OK, mc.metaSet("m", bytes("b"), MetaSet.options().mode(MetaSet.Mode.ADD)).status());
        assertEquals(MetaStatus.NOT_STORED, mc.metaSet("m", bytes("x"), MetaSet.options()
                .mode(MetaSet.Mode.ADD)).status());
        mc.metaSet("m", bytes("c"), MetaSet.options().mode(MetaSet.Mode.APPEND));
        mc.metaSet("m", bytes("a"), MetaSet.options().mode(MetaSet.Mode.PREPEND));
        MetaResult abc = mc.metaGet("m", MetaGet.options().value().cas());
        assertEquals("abc", abc.valueAsString());
        assertEquals(MetaStatus.EXISTS, mc.metaSet("m", bytes("no"), MetaSet.options()
                .compareCas(abc.cas() + 1)).status());
        assertEquals(MetaStatus.OK, mc.metaSet("m", bytes("yes"), MetaSet.options().compareCas(abc.cas())).status());
        assertEquals(MetaStatus.EXISTS, mc.metaSet("m", bytes("again"), MetaSet.options()
                .compareCas(abc.cas())).status());
        assertEquals(MetaStatus.NOT_FOUND, mc.metaSet("absent", bytes("v"), MetaSet.options()
                .compareCas(abc.cas())).status());
        long cas = mc.metaGet("m", MetaGet.options().cas()).cas();
        assertEquals(MetaStatus.EXISTS, mc.metaDelete("m", MetaDelete.options().compareCas(cas + 1)).status());
        assertEquals(MetaStatus.OK, mc.metaDelete("m", MetaDelete.options().compareCas(cas)).status());
        assertEquals(MetaStatus.NOT_FOUND, mc.metaDelete("m", MetaDelete.options()).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void staleWhileRevalidate(String which) {
        BlockingMemcachedClient mc = target(which);
        mc.metaSet("s", bytes("old"), MetaSet.options().ttl(100));
        assertEquals(MetaStatus.OK, mc.metaDelete("s", MetaDelete.options().invalidate()).status());
        MetaResult first = mc.metaGet("s", MetaGet.options().value().cas());
        assertEquals("old", first.valueAsString());
        assertTrue(first.stale(), "X");
        assertTrue(first.win(), "W");
        assertFalse(first.alreadyWon(), "Z");
        MetaResult second = mc.metaGet("s", MetaGet.options().value());
        assertTrue(second.stale(), "X");
        assertFalse(second.win(), "W");
        assertTrue(second.alreadyWon(), "Z");
        assertEquals(MetaStatus.OK, mc.metaSet("s", bytes("new"), MetaSet.options().compareCas(first.cas()))
                .status());
        MetaResult fresh = mc.metaGet("s", MetaGet.options().value());
        assertEquals("new", fresh.valueAsString());
        assertFalse(fresh.stale() || fresh.win() || fresh.alreadyWon());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void vivifyOnMiss(String which) {
        BlockingMemcachedClient mc = target(which);
        assertEquals(MetaStatus.MISS, mc.metaGet("v", MetaGet.options().value()).status());
        MetaResult first = mc.metaGet("v", MetaGet.options().value().vivify(30));
        assertEquals(MetaStatus.VALUE, first.status());
        assertEquals(0, first.value().length);
        assertTrue(first.win(), "W");
        assertFalse(first.alreadyWon(), "Z");
        MetaResult second = mc.metaGet("v", MetaGet.options().value().vivify(30));
        assertEquals(MetaStatus.VALUE, second.status());
        assertEquals(0, second.value().length);
        assertFalse(second.win(), "W");
        assertTrue(second.alreadyWon(), "Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void arithmeticWithAutoCreate(String which) {
        BlockingMemcachedClient mc = target(which);
        assertEquals(MetaStatus.NOT_FOUND, mc.metaArithmetic("n", MetaArithmetic.incr(1)).status());
        MetaResult created = mc.metaArithmetic("n", MetaArithmetic.incr(5).autoCreate(0, 10));
        assertEquals(MetaStatus.VALUE, created.status());
        assertEquals(10, created.valueAsLong());
        assertEquals(15, mc.metaArithmetic("n", MetaArithmetic.incr(5).autoCreate(0, 10)).valueAsLong());
        assertEquals(12, mc.metaArithmetic("n", MetaArithmetic.decr(3)).valueAsLong());
        assertEquals(0, mc.metaArithmetic("n", MetaArithmetic.decr(100)).valueAsLong());
        mc.metaSet("t", bytes("text"), MetaSet.options());
        RemoteErrorException e = assertThrows(RemoteErrorException.class,
                () -> mc.metaArithmetic("t", MetaArithmetic.incr(1)));
        assertEquals("CLIENT_ERROR", String.valueOf(e.code()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "parley"})
    void keysMemcachedRefusesTravelInBase64(String which) {
        BlockingMemcachedClient mc = target(which);
        String key = "a key\n\u0000\u00ff";
        assertEquals(MetaStatus.OK, mc.metaSet(key, bytes("spaced"), MetaSet.options()).status());
        MetaResult got = mc.metaGet(key, MetaGet.options().value());
        assertEquals(key, got.key());
        assertEquals("spaced", got.valueAsString());
        assertEquals(MetaStatus.MISS, mc.metaGet("a key", MetaGet.options()).status());
        assertEquals(MetaStatus.OK, mc.metaDelete(key, MetaDelete.options()).status());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
