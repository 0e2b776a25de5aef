package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackpressureTest {

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void aClientThatNeverReadsMakesTheServerStopReadingInsteadOfBuffering() throws Exception {
        AtomicReference<Session> session = new AtomicReference<>();
        byte[] payload = new byte[4096];
        Router router = Router.builder()
                .query("big", call -> Reply.okWithBody(Unpooled.wrappedBuffer(payload)))
                .build();
        int maxOutstanding = 32;
        server = ParleyServer.builder().router(router)
                .server(s -> s.limits(l -> l.maxOutstanding(maxOutstanding)))
                .listener(new SessionListener() {
                    @Override
                    public void onConnected(Session s) {
                        session.set(s);
                    }
                })
                .build().start();
        long total = 64L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.socket().setReceiveBufferSize(4096);
            byte[] batch = "big\n".repeat(1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    while (written.get() < total) {
                        c.send(batch);
                        written.addAndGet(batch.length);
                    }
                } catch (java.io.IOException e) {
                    // expected when the test closes the socket under the blocked writer
                }
            });
            // The writer blocks once the server stops reading: it never gets through the 64 MiB.
            assertThrows(TimeoutException.class, () -> writer.get(1500, TimeUnit.MILLISECONDS));
            Session s = session.get();
            assertNotNull(s);
            long received = s.requests();
            assertTrue(received < total / 4 / 8, "server read " + received + " requests");
            // Outstanding is bounded by the limit plus what one socket read can hold (64 KiB of 4-byte requests).
            assertTrue(s.outstanding() <= maxOutstanding + 64 * 1024 / 4, "outstanding " + s.outstanding());
            c.close();
            writer.exceptionally(t -> null).get(5, TimeUnit.SECONDS);
        }
    }
}
