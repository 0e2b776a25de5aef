package dev.parley.testkit.proxy;

import dev.parley.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The faults that act on bytes: latency, bandwidth, slicer, stall, and their directions. */
class DataFaultsTest {

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
    void latencyAddsAtLeastTheDelayInEitherDirection() throws IOException {
        long delay = Duration.ofMillis(200).toNanos();
        try (Client c = new Client(proxy.address())) {
            long plain = c.echo("ping");
            proxy.add(Fault.latency(Duration.ofMillis(200), Duration.ZERO));
            long down = c.echo("ping");
            proxy.clear();
            proxy.add(Fault.latency(Duration.ofMillis(200), Duration.ZERO).direction(Direction.UP));
            long up = c.echo("ping");
            assertTrue(down >= delay, "down: " + down + " ns (plain " + plain + ")");
            assertTrue(up >= delay, "up: " + up + " ns (plain " + plain + ")");
        }
    }

    @Test
    void latencyKeepsTheOrderOfBytes() throws IOException {
        proxy.add(Fault.latency(Duration.ofMillis(30), Duration.ofMillis(25)));
        try (Client c = new Client(proxy.address())) {
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String piece = i + ",";
                c.send(piece);
                sent.append(piece);
            }
            assertEquals(sent.toString(), c.read(sent.length()));
        }
    }

    @Test
    void bandwidthTakesAtLeastTheBytesOverTheRate() throws IOException {
        proxy.add(Fault.bandwidth(20 * 1024));
        try (Client c = new Client(proxy.address())) {
            char[] data = new char[4096];
            Arrays.fill(data, 'b');
            long took = c.echo(new String(data));
            assertTrue(took >= Duration.ofMillis(200).toNanos(), "4096 bytes at 20 KiB/s took " + took + " ns");
        }
    }

    @Test
    void slicerPiecesAreNoLargerThanAsked() throws IOException {
        // 100 ms apart, so that even a busy receiver reads each piece on its own.
        proxy.add(Fault.slicer(8, 3, Duration.ofMillis(100)).direction(Direction.UP));
        try (Client c = new Client(proxy.address())) {
            String text = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
            c.echo(text);
            List<Integer> sizes = upstream.readSizes();
            assertEquals(text.length(), sizes.stream().mapToInt(Integer::intValue).sum());
            assertTrue(sizes.stream().allMatch(n -> n <= 11), "read sizes " + sizes);
            assertTrue(sizes.size() >= text.length() / 11, "read sizes " + sizes);
        }
    }

    @Test
    void stallHoldsDataUntilRemoved() throws IOException {
        try (Client c = new Client(proxy.address(), 300)) {
            c.echo("before");
            proxy.add(Fault.stall());
            c.send("held");
            Await.until(WAIT, "upstream echoed", () -> upstream.received() == "before".length() + 4);
            assertTrue(c.silent(), "nothing arrives while stalled");
            assertTrue(proxy.remove("stall_down"));
            c.readTimeout(5_000);
            assertEquals("held", c.read(4));
            c.echo("after");
        }
    }

    @Test
    void stallForADurationReleasesAfterIt() throws IOException {
        try (Client c = new Client(proxy.address())) {
            c.echo("before");
            long added = System.nanoTime();
            proxy.add(Fault.stall(Duration.ofMillis(400)));
            c.send("held");
            assertEquals("held", c.read(4));
            long took = System.nanoTime() - added;
            assertTrue(took >= Duration.ofMillis(400).toNanos(), "released after " + took + " ns");
            c.echo("after"); // the hold is over: this would time out if it held on
        }
    }

    @Test
    void stallUpHoldsBeforeTheUpstreamAndStallDownAfterIt() throws IOException {
        try (Client c = new Client(proxy.address(), 300)) {
            c.echo("x");
            proxy.add(Fault.stall().direction(Direction.UP));
            c.send("up");
            assertTrue(c.silent());
            assertEquals(1, upstream.received(), "upstream got nothing while UP is stalled");
            proxy.clear();
            c.readTimeout(5_000);
            assertEquals("up", c.read(2));

            proxy.add(Fault.stall());
            c.send("down");
            Await.until(WAIT, "upstream got the bytes while DOWN is stalled", () -> upstream.received() == 7);
            c.readTimeout(300);
            assertTrue(c.silent());
            proxy.clear();
            c.readTimeout(5_000);
            assertEquals("down", c.read(4));
        }
    }
}
