package dev.parley.memcached.client;

import dev.parley.memcached.MemcachedServer;
import dev.parley.memcached.RunningMemcachedServer;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spymemcached client (consistent hashing, KETAMA_HASH) and a MemcachedCluster on the same three Parley servers:
 * each reads what the other wrote. The cluster asks only the key's home server, so every hit is a key that both
 * clients placed on the same server.
 */
class MixedFleetTest {

    static {
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    }

    private static final int KEYS = 300;

    private final List<RunningMemcachedServer> running = new ArrayList<>();
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private net.spy.memcached.MemcachedClient spy;
    private MemcachedCluster cluster;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            RunningMemcachedServer s = MemcachedServer.builder().server(o -> o.port(0).ioThreads(1)).build().start();
            running.add(s);
            servers.add(new InetSocketAddress("127.0.0.1", s.port()));
        }
        ConnectionFactory ketama = new ConnectionFactoryBuilder()
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Cancel)
                .setDaemon(true).build();
        spy = new net.spy.memcached.MemcachedClient(ketama, servers);
        cluster = MemcachedCluster.connect(servers);
    }

    @AfterEach
    void stop() {
        if (spy != null) {
            spy.shutdown(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
        running.forEach(RunningMemcachedServer::close);
    }

    @Test
    void whatSpymemcachedWritesTheClusterReadsAndTheOtherWayRound() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            assertTrue(spy.set("spy:" + i, 0, "from spy " + i).get(5, TimeUnit.SECONDS));
        }
        for (int i = 0; i < KEYS; i++) {
            MemcachedValue v = cluster.get("spy:" + i).join();
            assertEquals("from spy " + i, v == null ? null : v.valueAsString(), "spy:" + i);
        }
        for (int i = 0; i < KEYS; i++) {
            cluster.set("parley:" + i, ("from parley " + i).getBytes(StandardCharsets.UTF_8)).join();
        }
        for (int i = 0; i < KEYS; i++) {
            assertEquals("from parley " + i, spy.asyncGet("parley:" + i).get(5, TimeUnit.SECONDS), "parley:" + i);
        }
        int[] perServer = new int[servers.size()];
        for (int i = 0; i < KEYS; i++) {
            perServer[servers.indexOf(cluster.serverFor("spy:" + i))]++;
        }
        for (int count : perServer) {
            assertTrue(count > KEYS / 10, "the keys are spread over all three servers");
        }
    }
}
