package dev.parley.memcached.client;

import dev.parley.client.Backoff;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.memcached.MemcachedServer;
import dev.parley.memcached.RunningMemcachedServer;
import dev.parley.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MemcachedCluster over three Parley memcached servers on loopback, one of which is stopped and started again. */
class MemcachedClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RunningMemcachedServer[] running = new RunningMemcachedServer[3];
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private ParleyClient parley;
    private MemcachedCluster cluster;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < running.length; i++) {
            running[i] = startServer(0);
            servers.add(new InetSocketAddress("127.0.0.1", running[i].port()));
        }
        parley = ParleyClient.create(1);
        cluster = MemcachedCluster.connect(parley, servers, MemcachedClusterOptions.builder()
                .clientOptions(quickReconnects()).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
        parley.close();
        for (RunningMemcachedServer s : running) {
            if (s != null) {
                s.close();
            }
        }
    }

    static ClientOptions quickReconnects() {
        return ClientOptions.builder()
                .retries(r -> r.backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2.0)))
                .timeouts(t -> t.requestTimeout(Duration.ofSeconds(5))).build();
    }

    private static RunningMemcachedServer startServer(int port) throws Exception {
        return MemcachedServer.builder().server(s -> s.port(port).ioThreads(1)).build().start();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add("item:" + i);
        }
        return keys;
    }

    /** Which of the configured servers hold the key, asked of each directly. */
    private List<InetSocketAddress> holders(String key) {
        return holders(key, servers);
    }

    /** Which of these servers hold the key, asked of each directly. */
    private List<InetSocketAddress> holders(String key, List<InetSocketAddress> among) {
        List<InetSocketAddress> found = new ArrayList<>();
        for (InetSocketAddress s : among) {
            if (cluster.client(s).blocking().get(key) != null) {
                found.add(s);
            }
        }
        return found;
    }

    @Test
    void eachKeyIsStoredOnTheServerTheRingNamesAndOnlyThere() {
        KetamaRing ring = KetamaRing.of(servers);
        int[] perServer = new int[servers.size()];
        for (String key : keys(300)) {
            assertEquals(StoreStatus.STORED, cluster.set(key, b("v-" + key)).join());
            assertEquals(List.of(ring.server(key)), holders(key), key);
            assertEquals(ring.server(key), cluster.serverFor(key));
            perServer[ring.serverIndex(key)]++;
        }
        for (int count : perServer) {
            assertTrue(count > 50, "every server holds a share: " + Arrays.toString(perServer));
        }
    }

    @Test
    void aClusterWithItsOwnEventLoopWorksAndRejectsBadServerLists() {
        try (MemcachedCluster own = MemcachedCluster.connect(servers)) {
            assertEquals(StoreStatus.STORED, own.set("own", b("1")).join());
            assertEquals("1", cluster.get("own").join().valueAsString());
            assertEquals(servers, own.servers());
        }
        assertThrows(IllegalArgumentException.class, () -> MemcachedCluster.connect(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> MemcachedCluster.connect(List.of(servers.get(0), servers.get(0))));
        assertThrows(IllegalArgumentException.class, () -> cluster.client(new InetSocketAddress("127.0.0.1", 1)));
        assertThrows(IllegalArgumentException.class, () -> cluster.set("bad key", b("x")));
    }

    @Test
    void everyCommandGoesToTheKeysServer() {
        BlockingMemcachedCluster c = cluster.blocking();
        for (String key : keys(30)) {
            MemcachedClient home = cluster.client(cluster.serverFor(key));
            assertEquals(StoreStatus.STORED, c.add(key, b("1"), 5, 0));
            assertEquals(StoreStatus.NOT_STORED, c.add(key, b("x"), 0, 0));
            assertEquals(StoreStatus.STORED, c.replace(key, b("10"), 5, 0));
            assertEquals(OptionalLong.of(12), c.incr(key, 2));
            assertEquals(OptionalLong.of(11), c.decr(key, 1));
            assertEquals(StoreStatus.STORED, c.append(key, b("0")));
            assertEquals(StoreStatus.STORED, c.prepend(key, b("1")));
            assertEquals("1110", home.blocking().get(key).valueAsString(), key + " on its home server");
            long cas = c.gets(key).cas();
            assertEquals(StoreStatus.STORED, c.cas(key, b("v"), 0, 0, cas));
            assertEquals(StoreStatus.EXISTS, c.cas(key, b("w"), 0, 0, cas));
            assertTrue(c.touch(key, 100));
            assertEquals("v", c.get(key).valueAsString());
            assertEquals(1, c.getsAll(List.of(key, "absent")).size());
            assertTrue(c.delete(key));
            assertNull(c.get(key));
        }
        c.set("a", b("1"));
        c.set("b", b("2"), 0, 0);
        c.flushAll();
        assertEquals(Map.of(), c.getAll(keys(30)));
        assertNull(c.get("a"));
    }

    @Test
    void multiGetIsSplitPerServerAndMergedInKeyOrder() {
        List<String> keys = keys(200);
        for (int i = 0; i < keys.size(); i += 2) {
            cluster.set(keys.get(i), b("v" + i)).join();
        }
        List<String> asked = new ArrayList<>(keys);
        Collections.reverse(asked);
        Map<String, MemcachedValue> hits = cluster.getAll(asked).join();
        assertEquals(100, hits.size());
        List<String> expectedOrder = asked.stream().filter(k -> Integer.parseInt(k.substring(5)) % 2 == 0).toList();
        assertEquals(expectedOrder, new ArrayList<>(hits.keySet()));
        assertEquals("v42", hits.get("item:42").valueAsString());
        assertTrue(cluster.getsAll(keys).join().values().stream().allMatch(v -> v.cas() != 0));
        assertThrows(IllegalArgumentException.class, () -> cluster.getAll(List.of("ok", "not ok")));
    }

    @Test
    void aStoppedServersKeysMoveToTheNextLivePointAndComeBackWhenItReturns() throws Exception {
        List<String> keys = keys(300);
        for (String key : keys) {
            cluster.set(key, b("before")).join();
        }
        InetSocketAddress victim = servers.get(1);
        List<InetSocketAddress> rest = List.of(servers.get(0), servers.get(2));
        KetamaRing full = KetamaRing.of(servers);
        KetamaRing reduced = KetamaRing.of(rest);

        running[1].close();
        Await.until(WAIT, "the stopped server is out of the ring", () -> cluster.liveServers().equals(rest));

        int moved = 0;
        for (String key : keys) {
            InetSocketAddress home = full.server(key);
            if (home.equals(victim)) {
                moved++;
                assertEquals(reduced.server(key), cluster.serverFor(key), key);
                assertNull(cluster.get(key).join(), key + " was on the stopped server");
                cluster.set(key, b("during")).join();
                assertEquals(List.of(reduced.server(key)), holders(key, rest));
            } else {
                assertEquals(home, cluster.serverFor(key), key + " moved though its server is up");
                assertEquals("before", cluster.get(key).join().valueAsString(), key);
            }
        }
        assertTrue(moved > 30, "the stopped server held " + moved + " keys");

        running[1] = startServer(victim.getPort());
        Await.until(WAIT, "the restarted server is back in the ring", () -> cluster.liveServers().equals(servers));
        for (String key : keys) {
            InetSocketAddress home = full.server(key);
            assertEquals(home, cluster.serverFor(key), key);
            if (home.equals(victim)) {
                assertNull(cluster.get(key).join(), key + ": the restarted server starts empty");
                cluster.set(key, b("after")).join();
                assertEquals("after", cluster.client(victim).blocking().get(key).valueAsString());
            } else {
                assertEquals("before", cluster.get(key).join().valueAsString(), key);
            }
        }
    }

    @Test
    void aServerThatStopsAnsweringIsTakenOutAfterTheFailureLimitAndReconnected() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            InetSocketAddress quiet = silent.address();
            List<InetSocketAddress> two = List.of(quiet, servers.get(0));
            // Short deadlines; the session itself would keep the connection for a minute (stall limit, keepalive),
            // so only the cluster's failure count can end it.
            ClientOptions shortDeadlines = quickReconnects().toBuilder()
                    .timeouts(t -> t.requestTimeout(Duration.ofMillis(200)).stallLimit(Duration.ofMinutes(1)))
                    .socket(s -> s.keepaliveIdle(Duration.ZERO)).build();
            try (MemcachedCluster c = MemcachedCluster.connect(parley, two, MemcachedClusterOptions.builder()
                    .failureLimit(2).clientOptions(shortDeadlines).build())) {
                String key = keys(100).stream().filter(k -> KetamaRing.of(two).server(k).equals(quiet))
                        .findFirst().orElseThrow();
                Await.until(WAIT, "connected to the silent server", () -> silent.accepted() == 1);
                CompletableFuture<StoreStatus> first = c.set(key, b("x"));
                assertThrows(CompletionException.class, first::join);
                assertEquals(two, c.liveServers(), "one failure is under the limit of two");
                assertEquals(1, silent.accepted());
                CompletableFuture<StoreStatus> second = c.set(key, b("x"));
                assertThrows(CompletionException.class, second::join);
                Await.until(WAIT, "a new connection to the silent server", () -> silent.accepted() == 2);
                Await.until(WAIT, "the silent server back in the ring", () -> c.liveServers().equals(two));
                assertEquals(quiet, c.serverFor(key));
            }
        }
    }

    @Test
    void aServerThatCannotBeReachedIsOutUntilItStarts() throws Exception {
        RunningMemcachedServer late = startServer(0);
        InetSocketAddress lateAddress = new InetSocketAddress("127.0.0.1", late.port());
        late.close();
        List<InetSocketAddress> two = List.of(servers.get(0), lateAddress);
        try (MemcachedCluster c = MemcachedCluster.connect(parley, two, MemcachedClusterOptions.builder()
                .clientOptions(quickReconnects()).build())) {
            Await.until(WAIT, "the unreachable server is out", () -> c.liveServers().equals(List.of(servers.get(0))));
            for (String key : keys(50)) {
                assertEquals(servers.get(0), c.serverFor(key));
                assertEquals(StoreStatus.STORED, c.set(key, b("v")).join());
            }
            late = startServer(lateAddress.getPort());
            Await.until(WAIT, "the server is in once it answers", () -> c.liveServers().equals(two));
            assertNotEquals(0, keys(50).stream().filter(k -> c.serverFor(k).equals(lateAddress)).count());
        } finally {
            late.close();
        }
    }
}
