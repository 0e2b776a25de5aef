package dev.parley.memcached;

import dev.parley.memcached.client.MemcachedClient;
import dev.parley.memcached.client.StoreStatus;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import dev.parley.testkit.server.ParleyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memcached under the testkit's JUnit extension, as docs/TESTKIT.md shows it: its own client on the address. */
class MemcachedExtensionTest {

    @RegisterExtension
    static final ParleyExtension<RunningMemcachedServer> memcached = ParleyExtension
            .of(() -> MemcachedServer.builder().server(s -> s.port(0)).build().start(),
                    RunningMemcachedServer::localAddress)
            .withProxy();

    @Test
    void ownClientOnTheInjectedAddressStoresAndReads(InetSocketAddress address) throws Exception {
        try (MemcachedClient client = MemcachedClient.connect(address)) {
            byte[] value = "v1".getBytes(StandardCharsets.US_ASCII);
            assertEquals(StoreStatus.STORED, client.set("k", value).get(5, TimeUnit.SECONDS));
            assertArrayEquals(value, client.get("k").get(5, TimeUnit.SECONDS).value());
        }
        assertEquals(memcached.proxy().address(), address, "the address is the proxy's");
    }

    @Test
    void latencyOnTheWayBackDelaysEveryReply(InetSocketAddress address, FaultProxy proxy) throws Exception {
        try (MemcachedClient client = MemcachedClient.connect(address)) {
            client.set("slow", new byte[] {1}).get(5, TimeUnit.SECONDS);
            proxy.add(Fault.latency(Duration.ofMillis(200), Duration.ZERO));
            long start = System.nanoTime();
            client.get("slow").get(5, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= 200, "the reply waited for the latency: " + tookMillis + " ms");
        }
    }
}
