package dev.parley.memcached.client;

import dev.parley.client.RemoteErrorException;
import dev.parley.memcached.MemcachedServer;
import dev.parley.memcached.RunningMemcachedServer;
import dev.parley.memcached.codec.MemcachedErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MemcachedClient against the Parley memcached server over a real socket. */
class MemcachedClientTest {

    private RunningMemcachedServer server;
    private MemcachedClient mc;

    @BeforeEach
    void start() throws Exception {
        server = MemcachedServer.builder().server(s -> s.port(0).ioThreads(1)).build().start();
        mc = MemcachedClient.connect(new InetSocketAddress("127.0.0.1", server.port()));
    }

    @AfterEach
    void stop() {
        mc.close();
        server.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storageCommandsAndRetrieval() {
        BlockingMemcachedClient c = mc.blocking();
        assertEquals(StoreStatus.STORED, c.set("a", b("hello"), 42, 0));
        MemcachedValue v = c.get("a");
        assertEquals("hello", v.valueAsString());
        assertEquals(42, v.flags());
        assertNull(c.get("missing"));
        assertEquals(StoreStatus.NOT_STORED, c.add("a", b("x"), 0, 0));
        assertEquals(StoreStatus.NOT_STORED, c.replace("zz", b("x"), 0, 0));
        assertEquals(StoreStatus.STORED, c.append("a", b("!")));
        assertEquals(StoreStatus.STORED, c.prepend("a", b(">")));
        assertEquals(">hello!", c.get("a").valueAsString());
        assertEquals(StoreStatus.NOT_STORED, c.append("zz", b("!")));
    }

    @Test
    void casWinsOnceThenExists() {
        BlockingMemcachedClient c = mc.blocking();
        c.set("k", b("1"));
        long cas = c.gets("k").cas();
        assertTrue(cas != 0);
        assertEquals(StoreStatus.STORED, c.cas("k", b("2"), 0, 0, cas));
        assertEquals(StoreStatus.EXISTS, c.cas("k", b("3"), 0, 0, cas));
        assertEquals(StoreStatus.NOT_FOUND, c.cas("nope", b("3"), 0, 0, 1));
        assertEquals("2", c.get("k").valueAsString());
    }

    @Test
    void multiGetOfManyKeysInOneRequest() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("key" + i);
            if (i % 3 == 0) {
                mc.set("key" + i, b("v" + i));
            }
        }
        Map<String, MemcachedValue> hits = mc.blocking().getAll(keys);
        assertEquals(34, hits.size());
        assertEquals("v99", hits.get("key99").valueAsString());
        assertFalse(hits.containsKey("key1"));
        assertEquals(34, mc.blocking().getsAll(keys).values().stream().filter(v -> v.cas() != 0).count());
    }

    @Test
    void deleteIncrDecrTouchFlushVersionStats() {
        BlockingMemcachedClient c = mc.blocking();
        c.set("n", b("18446744073709551615"));
        assertEquals(OptionalLong.of(1), c.incr("n", 2));
        assertEquals(OptionalLong.of(0), c.decr("n", 5));
        assertEquals(OptionalLong.empty(), c.incr("none", 1));
        assertTrue(c.touch("n", 100));
        assertFalse(c.touch("none", 100));
        assertTrue(c.delete("n"));
        assertFalse(c.delete("n"));
        c.set("x", b("1"));
        c.flushAll();
        assertNull(c.get("x"));
        assertEquals(MemcachedServer.VERSION, c.version());
        Map<String, String> stats = c.stats();
        assertEquals(MemcachedServer.VERSION, stats.get("version"));
        assertEquals("0", stats.get("curr_items"));
    }

    @Test
    void errorRepliesFailTheFutureWithTheirCode() {
        mc.blocking().set("s", b("text"));
        RemoteErrorException e = assertThrows(RemoteErrorException.class, () -> mc.blocking().incr("s", 1));
        assertEquals(MemcachedErrors.CLIENT_ERROR, e.errorCode());
        assertEquals("cannot increment or decrement non-numeric value", e.remoteMessage());
        assertThrows(IllegalArgumentException.class, () -> mc.get("has space"));
        assertThrows(IllegalArgumentException.class, () -> mc.get("k".repeat(251)));
        assertEquals(StoreStatus.STORED, mc.blocking().set("after", b("ok")));
    }

    @Test
    void pipelinedAsyncRequestsCompleteInOrder() throws Exception {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(mc.set("p" + i, b(Integer.toString(i))));
            all.add(mc.incr("p" + i, 1));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            assertEquals(OptionalLong.of(i + 1), all.get(2 * i + 1).get());
        }
        byte[] big = new byte[300_000];
        big[12345] = 7;
        mc.blocking().set("big", big);
        assertArrayEquals(big, mc.blocking().get("big").value());
    }
}
