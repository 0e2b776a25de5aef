package dev.parley.testkit.proxy;

import dev.parley.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The faults that end connections (reset, limit_data, slow_close) and the bound on what a stall holds. */
class CloseFaultsTest {

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
    void resetProducesAConnectionResetAfterTheDelay() throws IOException {
        proxy.add(Fault.reset(Duration.ofMillis(150)));
        long start = System.nanoTime();
        try (Client c = new Client(proxy.address())) {
            c.echo("before the reset");
            SocketException e = assertThrows(SocketException.class, c::readToEnd);
            assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(150).toNanos());
        }
        Await.until(WAIT, "upstream side closed", () -> upstream.openConnections() == 0);
        assertEquals(0, proxy.connectionCount());
    }

    @Test
    void resetAddedLaterResetsAnOpenConnection() throws IOException {
        try (Client c = new Client(proxy.address())) {
            c.echo("open");
            proxy.add(Fault.reset(Duration.ZERO));
            SocketException e = assertThrows(SocketException.class, c::readToEnd);
            assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
        }
    }

    @Test
    void limitDataLetsExactlyThatManyBytesThroughThenEnds() throws IOException {
        proxy.add(Fault.limitData(5));
        try (Client c = new Client(proxy.address())) {
            c.send("hello world");
            assertEquals("hello", c.readToEnd());
        }
        Await.until(WAIT, "upstream side closed", () -> upstream.openConnections() == 0);
    }

    @Test
    void limitDataCountsAcrossReads() throws IOException {
        proxy.add(Fault.limitData(7));
        try (Client c = new Client(proxy.address())) {
            c.echo("abc");
            c.echo("def");
            c.send("ghi");
            assertEquals("g", c.readToEnd());
        }
    }

    @Test
    void slowCloseDelaysTheCloseReachingTheClient() throws IOException {
        proxy.add(Fault.slowClose(Duration.ofMillis(300)));
        try (Client c = new Client(proxy.address())) {
            c.echo("bye");
            long start = System.nanoTime();
            c.shutdownOutput();
            assertEquals("", c.readToEnd());
            long took = System.nanoTime() - start;
            assertTrue(took >= Duration.ofMillis(300).toNanos(), "closed after " + took + " ns");
        }
    }

    @Test
    void aHalfCloseIsPassedOnAndTheRepliesStillArrive() throws IOException {
        try (Client c = new Client(proxy.address())) {
            c.send("last words");
            c.shutdownOutput();
            assertEquals("last words", c.readToEnd());
        }
        Await.until(WAIT, "connection gone", () -> proxy.connectionCount() == 0);
    }

    @Test
    void aStalledDirectionPushesBackOnTheSenderInsteadOfBuffering() throws Exception {
        proxy.add(Fault.stall().direction(Direction.UP));
        long total = 32L << 20;
        AtomicLong written = new AtomicLong();
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.port())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(s, total, written));
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> drain(s));
            Await.until(WAIT, "writer started", () -> written.get() > 0);
            assertFalse(Await.eventually(Duration.ofMillis(500), writer::isDone),
                    "the writer blocks: the proxy stopped reading after its bound");
            assertEquals(0, upstream.received());
            assertTrue(written.get() < total);
            proxy.remove("stall_up");
            writer.get(10, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(10), "upstream got everything", () -> upstream.received() == total);
            s.shutdownOutput();
            reader.get(10, TimeUnit.SECONDS);
        }
    }

    private static void write(Socket s, long total, AtomicLong written) {
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = s.getOutputStream();
            for (long sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(Socket s) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = s.getInputStream();
            while (in.read(buf) >= 0) {
                // discard the echo
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
