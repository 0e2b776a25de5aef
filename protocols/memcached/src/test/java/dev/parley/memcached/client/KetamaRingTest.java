package dev.parley.memcached.client;

import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KetamaRing's placement against spymemcached's own KetamaNodeLocator (KETAMA_HASH, default node keys). */
class KetamaRingTest {

    private static final int KEYS = 10_000;

    /** Servers on loopback addresses with assorted ports: nothing connects, the addresses are only hashed. */
    static List<InetSocketAddress> servers(int count) {
        List<InetSocketAddress> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new InetSocketAddress("127.0." + (i / 4) + "." + (10 + i), 11211 + (i % 3) * 1000 + i));
        }
        return list;
    }

    static List<String> keys() {
        List<String> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys.add(i % 3 == 0 ? "user:" + i + ":profile" : i % 3 == 1 ? "k" + i : "session/" + (i * 7919L));
        }
        return keys;
    }

    /** A spymemcached node that is only an address: the locator reads nothing else. */
    static MemcachedNode spyNode(InetSocketAddress address) {
        return (MemcachedNode) Proxy.newProxyInstance(MemcachedNode.class.getClassLoader(),
                new Class<?>[]{MemcachedNode.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSocketAddress" -> address;
                    case "hashCode" -> address.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> "node " + address;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static KetamaNodeLocator spyLocator(List<InetSocketAddress> servers) {
        List<MemcachedNode> nodes = new ArrayList<>();
        servers.forEach(a -> nodes.add(spyNode(a)));
        return new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH);
    }

    private static void assertSamePlacement(List<InetSocketAddress> servers) {
        KetamaRing ring = KetamaRing.of(servers);
        KetamaNodeLocator spy = spyLocator(servers);
        int agree = 0;
        for (String key : keys()) {
            assertEquals(DefaultHashAlgorithm.KETAMA_HASH.hash(key), KetamaRing.hash(key), key);
            if (spy.getPrimary(key).getSocketAddress().equals(ring.server(key))) {
                agree++;
            }
        }
        assertEquals(KEYS, agree, "keys placed as spymemcached places them, of " + KEYS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 10})
    void everyKeyLandsWhereSpymemcachedPutsIt(int count) {
        assertSamePlacement(servers(count));
        assertEquals(count * KetamaRing.POINTS_PER_SERVER, KetamaRing.of(servers(count)).pointCount());
    }

    @Test
    void hostNamedAndUnresolvedAddressesAgreeToo() {
        assertSamePlacement(List.of(new InetSocketAddress("localhost", 11211),
                InetSocketAddress.createUnresolved("cache-b.example", 11211),
                InetSocketAddress.createUnresolved("cache-c.example", 11311)));
        assertEquals("127.0.0.1:11211", KetamaRing.nodeKey(new InetSocketAddress("127.0.0.1", 11211)));
    }

    @Test
    void nonAsciiKeysHashTheirUtf8Bytes() {
        for (String key : List.of("clé", "ключ", "鍵", "emoji\uD83D\uDE00", "x".repeat(300))) {
            assertEquals(DefaultHashAlgorithm.KETAMA_HASH.hash(key), KetamaRing.hash(key), key);
        }
    }

    @Test
    void keysSpreadRoughlyEvenly() {
        List<InetSocketAddress> servers = servers(10);
        KetamaRing ring = KetamaRing.of(servers);
        int[] counts = new int[servers.size()];
        for (String key : keys()) {
            counts[ring.serverIndex(key)]++;
        }
        double mean = (double) KEYS / servers.size();
        for (int i = 0; i < counts.length; i++) {
            assertTrue(counts[i] > mean * 0.7 && counts[i] < mean * 1.3,
                    servers.get(i) + " holds " + counts[i] + " keys (expected: within 30% of " + mean + ")");
        }
    }

    @Test
    void removingAServerMovesOnlyItsKeys() {
        List<InetSocketAddress> all = servers(5);
        InetSocketAddress gone = all.get(2);
        List<InetSocketAddress> rest = new ArrayList<>(all);
        rest.remove(gone);
        KetamaRing before = KetamaRing.of(all);
        KetamaRing after = KetamaRing.of(rest);
        KetamaNodeLocator spyAfter = spyLocator(rest);
        int moved = 0;
        for (String key : keys()) {
            InetSocketAddress was = before.server(key);
            InetSocketAddress now = after.server(key);
            if (was.equals(gone)) {
                moved++;
                assertEquals(spyAfter.getPrimary(key).getSocketAddress(), now, key);
            } else {
                assertEquals(was, now, key + " moved though its server stayed");
            }
        }
        assertTrue(moved > KEYS / 10, "the removed server held " + moved + " keys");
    }

    @Test
    void lookupAllocatesNothing() {
        KetamaRing ring = KetamaRing.of(servers(10));
        List<String> keys = keys();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int sink = 0;
        for (String key : keys) {
            sink += ring.serverIndex(key);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (String key : keys) {
            sink += ring.serverIndex(key);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 1024, KEYS + " lookups allocated " + allocated + " bytes (expected: < 1024)");
    }

    @Test
    void emptyAndDuplicateListsAreRejected() {
        assertEquals("servers: none (expected: at least one)",
                assertThrows(IllegalArgumentException.class, () -> KetamaRing.of(List.of())).getMessage());
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 11211);
        assertEquals("servers: /127.0.0.1:11211 is listed twice",
                assertThrows(IllegalArgumentException.class, () -> KetamaRing.of(List.of(a, a))).getMessage());
    }
}
