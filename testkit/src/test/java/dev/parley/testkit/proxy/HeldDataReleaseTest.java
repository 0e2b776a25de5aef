package dev.parley.testkit.proxy;

import dev.parley.testkit.Await;
import dev.parley.testkit.LeakDetection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bytes a fault holds are released however the connection ends: also when its event loop shuts down under it, so
 * that closing a channel cannot schedule the next piece any more.
 */
class HeldDataReleaseTest {

    private final EchoServer upstream = new EchoServer();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void dataHeldByLatencyIsReleasedWhenTheLoopShutsDownUnderTheConnection() throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        FaultProxy proxy = FaultProxy.builder().upstream(upstream.address()).eventLoopGroup(group).build().start();
        try (Client c = new Client(proxy.address())) {
            c.echo("connected");
            proxy.add(Fault.latency(Duration.ofSeconds(30), Duration.ZERO).direction(Direction.BOTH));
            for (int i = 0; i < 20; i++) {
                c.send("held for thirty seconds " + i + "\n");
            }
            Await.until(Duration.ofSeconds(5), "the proxy holds what was sent", () -> proxy.connectionCount() == 1);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            proxy.close();
        }
        assertEquals(List.of(), LeakDetection.collectLeaks(), "the held pieces were released");
    }

    @Test
    void dataHeldByAStallIsReleasedWhenTheClientLeavesAndTheProxyCloses() throws IOException {
        FaultProxy proxy = FaultProxy.start(upstream.address());
        try (Client c = new Client(proxy.address())) {
            c.echo("connected");
            proxy.add(Fault.stall().direction(Direction.UP));
            c.send("held until the proxy closes\n");
        } finally {
            proxy.close();
        }
        assertEquals(List.of(), LeakDetection.collectLeaks(), "the held pieces were released");
    }
}
