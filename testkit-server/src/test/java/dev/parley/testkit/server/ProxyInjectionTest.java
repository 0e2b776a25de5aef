package dev.parley.testkit.server;

import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code withProxy()}: what is injected goes through the proxy, faults do not outlive their test, all stops. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyInjectionTest {

    private static final Duration LATENCY = Duration.ofMillis(200);

    @RegisterExtension
    static final ParleyExtension<RunningServer> server = ParleyExtension.server(() -> ParleyServer.builder().build())
            .withProxy();

    @Test
    void injectedAddressIsTheProxysAndUpstreamIsTheServer(InetSocketAddress address, FaultProxy proxy,
                                                         RunningServer running) {
        assertEquals(proxy.address(), address);
        assertEquals(server.address(), address);
        assertNotEquals(running.port(), address.getPort());
        assertEquals(running.localAddress(), server.upstreamAddress());
        assertEquals(running.localAddress(), proxy.upstream());
    }

    @Test
    void injectedSessionGoesThroughTheProxy(Session session, FaultProxy proxy) {
        assertEquals(1, proxy.connectionCount());
        proxy.add(Fault.latency(LATENCY, Duration.ZERO));
        long start = System.nanoTime();
        assertEquals("pong", session.call(Request.query("ping")).arg(0));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= LATENCY.toMillis(), "took " + tookMillis + " ms (expected: >= " + LATENCY.toMillis()
                + ")");
    }

    @Test
    @Order(1)
    void aFaultLeftOnTheProxy() {
        server.proxy().add(Fault.stall());
        assertEquals(1, server.proxy().faults().size());
    }

    @Test
    @Order(2)
    void isRemovedBeforeTheNextTest(Session session) {
        assertTrue(server.proxy().faults().isEmpty(), server.proxy().faults().toString());
        assertEquals("pong", session.call(Request.query("ping").withTimeout(Duration.ofSeconds(5))).arg(0));
    }

    @EnabledIf("dev.parley.testkit.server.Launched#launched")
    static class Proxied {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer().withProxy();

        @Test
        void usesTheProxy(Session session, FaultProxy proxy) {
            Launched.SEEN.add(proxy);
            assertEquals("pong", session.call(Request.query("ping")).arg(0));
            throw new IllegalStateException("fails after using the proxy");
        }
    }

    @Test
    void theProxyIsClosedWithTheServerEvenWhenATestFails() {
        TestExecutionSummary summary = Launched.run(Proxied.class);
        assertEquals(1, summary.getTestsFailedCount());
        assertEquals("fails after using the proxy", summary.getFailures().get(0).getException().getMessage());
        assertEquals(Launched.STARTED, Launched.STOPPED);
        FaultProxy proxy = (FaultProxy) Launched.SEEN.get(0);
        assertEquals(0, proxy.connectionCount());
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(proxy.address(), 2000);
            }
        });
    }

    @Test
    void withoutWithProxyThereIsNoProxy() {
        ParleyExtension<RunningServer> plain = ParleyExtension.server(() -> ParleyServer.builder().build());
        assertFalse(plain.isProxied());
        assertTrue(server.isProxied());
    }
}
