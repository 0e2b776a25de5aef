package dev.parley.testkit.proxy;

import dev.parley.testkit.Await;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's life cycle and the connection-level behaviour: forwarding, close, down, probability, changes. */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private EchoServer upstream;
    private FaultProxy proxy;

    @BeforeEach
    void start() {
        upstream = new EchoServer();
        proxy = FaultProxy.start(upstream.address());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void forwardsBothWaysOnLoopbackWithoutFaults() throws IOException {
        assertTrue(proxy.address().getAddress().isLoopbackAddress());
        assertEquals(upstream.address(), proxy.upstream());
        try (Client c = new Client(proxy.address())) {
            c.echo("hello\n");
            c.echo("again\n");
            assertEquals(1, proxy.connectionCount());
            assertEquals(1, upstream.openConnections());
        }
        Await.until(WAIT, "client connection gone", () -> proxy.connectionCount() == 0);
        Await.until(WAIT, "upstream connection closed", () -> upstream.openConnections() == 0);
    }

    @Test
    void closeLeavesNoConnectionAndIsIdempotent() throws IOException {
        try (Client a = new Client(proxy.address()); Client b = new Client(proxy.address())) {
            a.echo("a");
            b.echo("b");
            proxy.close();
            assertEquals(0, proxy.connectionCount());
            assertEquals("", endOrReset(a));
            assertEquals("", endOrReset(b));
        }
        Await.until(WAIT, "upstream connections closed", () -> upstream.openConnections() == 0);
        assertThrows(ConnectException.class, () -> new Socket(proxy.address().getAddress(), proxy.port()).close());
        proxy.close();
    }

    @Test
    void downRefusesNewConnectionsAndKeepsOpenOnes() throws IOException {
        try (Client open = new Client(proxy.address())) {
            open.echo("before");
            assertEquals("down", proxy.add(Fault.down()));
            try (Client refused = new Client(proxy.address())) {
                assertEquals("", endOrReset(refused));
            }
            assertEquals(1, upstream.acceptedConnections());
            open.echo("still open");
            assertTrue(proxy.remove("down"));
            try (Client again = new Client(proxy.address())) {
                again.echo("after");
            }
        }
    }

    @Test
    void probabilityZeroNeverAppliesAndOneAlwaysDoes() throws IOException {
        proxy.add(Fault.limitData(1).probability(0));
        for (int i = 0; i < 5; i++) {
            try (Client c = new Client(proxy.address())) {
                c.echo("hello");
            }
        }
        proxy.add(Fault.limitData(1).probability(1));
        assertEquals(1, proxy.faults().size(), "same name: replaced");
        for (int i = 0; i < 5; i++) {
            try (Client c = new Client(proxy.address())) {
                c.send("hello");
                assertEquals("h", c.readToEnd());
            }
        }
    }

    @Test
    void aSeededRandomDecidesTheSameConnectionsEachRun() throws IOException {
        List<Boolean> first = cutConnections(new Random(7));
        List<Boolean> second = cutConnections(new Random(7));
        assertEquals(first, second);
        assertTrue(first.contains(true) && first.contains(false), first.toString());
    }

    private List<Boolean> cutConnections(Random random) throws IOException {
        List<Boolean> cut = new ArrayList<>();
        try (FaultProxy seeded = FaultProxy.builder().upstream(upstream.address()).random(random)
                .fault(Fault.limitData(1).probability(0.5)).build().start()) {
            for (int i = 0; i < 12; i++) {
                try (Client c = new Client(seeded.address())) {
                    c.send("hello");
                    c.shutdownOutput();
                    cut.add(c.readToEnd().length() == 1);
                }
            }
        }
        return cut;
    }

    @Test
    void faultsAddedAndRemovedActOnAnOpenConnection() throws IOException {
        try (Client c = new Client(proxy.address())) {
            c.echo("warm up");
            long latency = Duration.ofSeconds(1).toNanos();
            proxy.add(Fault.latency(Duration.ofNanos(latency), Duration.ZERO));
            assertTrue(c.echo("slow") >= latency, "latency applies to the open connection");
            assertTrue(proxy.remove("latency_down"));
            assertFalse(proxy.remove("latency_down"));
            assertTrue(c.echo("fast") < latency, "removed latency no longer applies (a generous bound: 1 s)");
        }
    }

    @Test
    void clearRemovesEveryFault() throws IOException {
        proxy.add(Fault.stall());
        proxy.add(Fault.latency(Duration.ofMillis(10), Duration.ZERO).direction(Direction.UP));
        assertEquals(List.of("stall_down", "latency_up"), proxy.faults().stream().map(Fault::name).toList());
        try (Client c = new Client(proxy.address(), 200)) {
            c.send("x");
            assertTrue(c.silent());
            proxy.clear();
            assertEquals(List.of(), proxy.faults());
            c.readTimeout(5_000);
            assertEquals("x", c.read(1));
        }
    }

    @Test
    void aBorrowedEventLoopGroupIsLeftRunning() throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            try (FaultProxy borrowed = FaultProxy.builder().upstream(upstream.address()).eventLoopGroup(group)
                    .build().start(); Client c = new Client(borrowed.address())) {
                c.echo("on a borrowed loop");
            }
            assertFalse(group.isShuttingDown());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void optionsRoundTripThroughTheirBuilder() {
        ProxyOptions options = FaultProxy.builder().upstream(upstream.address()).listenPort(0)
                .bindAddress("127.0.0.1").connectTimeout(Duration.ofSeconds(2)).maxHeldBytes(4096)
                .fault(Fault.stall()).build();
        assertEquals(options, options.toBuilder().build());
        assertThrows(IllegalStateException.class, () -> FaultProxy.builder().build());
        assertThrows(IllegalArgumentException.class, () -> FaultProxy.builder().upstream(upstream.address())
                .fault(Fault.stall()).fault(Fault.stall(Duration.ofSeconds(1))).build());
    }

    /** Reads to the end; a reset counts as an end (a closed listener or socket may answer either way). */
    static String endOrReset(Client c) throws IOException {
        try {
            return c.readToEnd();
        } catch (SocketException e) {
            return "";
        }
    }
}
