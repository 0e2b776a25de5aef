package dev.parley.client;

import dev.parley.testkit.peer.ScriptedServer;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A slow {@link BodySink} pauses reading with its {@link StreamControl}; the client's memory stays bounded. */
class BackpressureTest extends ClientTestSupport {

    /** Far more than the socket buffers of both ends can hold, so the peer must block while the sink is paused. */
    private static final long BODY = 64L * 1024 * 1024;
    private static final long PAUSE_AT = 64 * 1024;
    /** What the client may hold while paused: one read (the default receive buffer grows to at most 64 KiB). */
    private static final long HELD_BOUND = 256 * 1024;

    @Test
    void pausedSinkStopsReadingThePeerBlocksAndResumeDeliversTheWholeBodyIntact() throws Exception {
        try (FloodPeer peer = new FloodPeer(BODY)) {
            Session s = session(peer.address(), fast().timeouts(t -> t.requestTimeout(Duration.ofSeconds(30))).build());
            PausingSink sink = new PausingSink();
            CompletableFuture<Reply> pull = s.send(Request.query("pull", "/huge"), sink);

            assertTrue(peer.stalled.await(20, TimeUnit.SECONDS), "the peer never blocked: the client kept reading ("
                    + peer.written.get() + " of " + BODY + " bytes written)");
            long heldWhilePaused = held(s);
            assertEquals(0, sink.deliveredWhilePaused.get(), "no chunk reaches a paused sink");
            assertTrue(heldWhilePaused <= HELD_BOUND, "held while paused: " + heldWhilePaused + " (expected: <= "
                    + HELD_BOUND + ")");
            assertTrue(peer.written.get() < BODY / 2, "the peer could write " + peer.written.get()
                    + " bytes although the client was paused");
            assertFalse(pull.isDone(), "the call waits while paused");

            sink.resumed.set(true);
            sink.control.get().resume();
            Reply r = success(pull, System.nanoTime(), Duration.ofSeconds(20));
            assertTrue(r.isOk());
            assertNull(sink.mismatch.get(), "body corrupted");
            assertEquals(BODY, sink.received.get());
            assertEquals(0, held(s));
            assertTrue(s.send(Request.query("ping")).get(5, TimeUnit.SECONDS).isOk(), "the connection reads again");
        }
    }

    @Test
    void aPauseThatIsNeverResumedEndsWithItsCall() throws Exception {
        ScriptedServer p = peer(greeted().readLine().send("OK {3}\nabc").readLine().send("OK pong\n").drainUntilEof()
                .build());
        Session s = session(p.address(), fast().build());
        BodySink pauseOnLastChunk = new BodySink() {
            private StreamControl control;

            @Override
            public void onStart(Reply head, long bodyLength, StreamControl c) {
                control = c;
            }

            @Override
            public void onChunk(ByteBuf chunk) {
                control.pause();
            }
        };
        assertTrue(s.send(Request.query("pull", "/small"), pauseOnLastChunk).get(2, TimeUnit.SECONDS).isOk());
        assertEquals("pong", s.send(Request.query("ping")).get(2, TimeUnit.SECONDS).arg(0));
    }

    private static long held(Session s) throws Exception {
        DefaultSession d = (DefaultSession) s;
        return d.loop.submit(() -> {
            Connection c = d.connector.current();
            return c == null ? -1L : c.heldBytes();
        }).get(5, TimeUnit.SECONDS);
    }

    /** The byte at offset {@code i} of the body: not periodic in any buffer size, so a lost chunk shows. */
    static byte pattern(long i) {
        return (byte) (i ^ (i >>> 11) ^ (i >>> 19));
    }

    /** Checks every byte against the pattern and pauses once, after {@link #PAUSE_AT} bytes. */
    private static final class PausingSink implements BodySink {
        final AtomicReference<StreamControl> control = new AtomicReference<>();
        final AtomicLong received = new AtomicLong();
        final AtomicLong deliveredWhilePaused = new AtomicLong();
        final AtomicBoolean resumed = new AtomicBoolean();
        final AtomicReference<String> mismatch = new AtomicReference<>();
        private boolean paused;

        @Override
        public void onStart(Reply head, long bodyLength, StreamControl c) {
            control.set(c);
        }

        @Override
        public void onChunk(ByteBuf chunk) {
            long at = received.get();
            if (paused && !resumed.get()) {
                deliveredWhilePaused.addAndGet(chunk.readableBytes());
            }
            // One bulk copy per chunk: paranoid leak detection records every single-byte access.
            byte[] bytes = new byte[chunk.readableBytes()];
            chunk.getBytes(chunk.readerIndex(), bytes);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != pattern(at + i) && mismatch.get() == null) {
                    mismatch.set("byte " + (at + i));
                }
            }
            received.addAndGet(chunk.readableBytes());
            if (!paused && received.get() >= PAUSE_AT) {
                paused = true;
                control.get().pause();
            }
        }
    }

    /**
     * Greets, reads one request line, then answers {@code OK {n}} and n pattern bytes through a non-blocking socket
     * with a small send buffer. When the socket stays unwritable for 300 ms (the client stopped reading) it counts
     * down {@link #stalled}, then keeps writing as the client reads again.
     */
    private static final class FloodPeer implements AutoCloseable {
        final CountDownLatch stalled = new CountDownLatch(1);
        final AtomicLong written = new AtomicLong();
        private final ServerSocketChannel server;
        private final Thread thread;
        private final long length;
        private volatile SocketChannel conn;

        FloodPeer(long length) throws IOException {
            this.length = length;
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::run, "flood-peer");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        private void run() {
            try (SocketChannel c = server.accept(); Selector selector = Selector.open()) {
                conn = c;
                c.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
                c.write(ByteBuffer.wrap("HELLO parley/1 test\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer one = ByteBuffer.allocate(1);
                while (c.read(one.clear()) == 1 && one.get(0) != '\n') {
                    // the request line; its content does not matter
                }
                c.write(ByteBuffer.wrap(("OK {" + length + "}\n").getBytes(StandardCharsets.US_ASCII)));
                c.configureBlocking(false);
                SelectionKey key = c.register(selector, SelectionKey.OP_WRITE);
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                long offset = 0;
                while (offset < length) {
                    buf.clear();
                    int n = (int) Math.min(buf.capacity(), length - offset);
                    for (int i = 0; i < n; i++) {
                        buf.put(pattern(offset + i));
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        if (c.write(buf) == 0 && selector.select(300) == 0) {
                            stalled.countDown();
                        }
                        selector.selectedKeys().clear();
                    }
                    offset += n;
                    written.set(offset);
                }
                key.cancel();
                selector.selectNow();
                c.configureBlocking(true);
                ByteBuffer rest = ByteBuffer.allocate(4096);
                while (c.read(rest.clear()) > 0) {
                    c.write(ByteBuffer.wrap("OK pong\n".getBytes(StandardCharsets.US_ASCII)));
                }
            } catch (IOException e) {
                // the client went away or close() ended the test
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            SocketChannel c = conn;
            if (c != null) {
                c.close();
            }
            thread.join(5000);
        }
    }
}
