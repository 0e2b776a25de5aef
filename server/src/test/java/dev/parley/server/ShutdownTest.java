package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShutdownTest {

    @Test
    void answeredRequestsCompleteUnstartedOnesGetUnavailableThenByeShutdown() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        Router router = Router.builder()
                .add(Command.action("work").usage("<n>").blocking().handler(call -> {
                    started.countDown();
                    assertTrue(release.await(5, TimeUnit.SECONDS));
                    return Reply.ok(call.arg(0));
                }))
                .build();
        RunningServer server = ParleyServer.builder().router(router).greeting(Greeting.none())
                .blockingExecutor(oneThread).build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.send("work 1\nwork 2\n");
            assertTrue(started.await(5, TimeUnit.SECONDS));
            CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.shutdownGracefully(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitNotAccepting(server.port());
            // The request already running finishes and is answered OK; the queued one was never started.
            release.countDown();
            assertEquals("OK 1", c.readLine());
            assertEquals("ERR UNAVAILABLE the server is shutting down; not executed", c.readLine());
            assertEquals("BYE SHUTDOWN the server is shutting down", c.readLine());
            assertNull(c.readLine());
            assertTrue(stop.get(5, TimeUnit.SECONDS));
        } finally {
            oneThread.shutdownNow();
        }
        assertTrue(oneThread.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** Bounded wait until the listening socket is closed, which happens after draining has begun. */
    private static void awaitNotAccepting(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                Thread.onSpinWait();
            } catch (java.net.SocketException closed) {
                // Refused, or reset while the listener closed with the probe still in its backlog: not accepting.
                return;
            }
        }
        throw new AssertionError("the server kept accepting connections");
    }

    @Test
    void sessionsStillBusyAtTheDeadlineAreClosedForcibly() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        Router router = Router.builder()
                .add(Command.action("hang").async(call -> {
                    hanging.countDown();
                    return new CompletableFuture<>();
                }))
                .build();
        RunningServer server = ParleyServer.builder().router(router).greeting(Greeting.none())
                .server(s -> s.limits(l -> l.handlerTimeout(Duration.ZERO))).build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.send("hang\nping\n");
            assertTrue(hanging.await(5, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            boolean graceful = server.shutdownGracefully(Duration.ofMillis(200));
            assertEquals(false, graceful);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4));
            assertNull(c.readLine(), "no reply for the hung request, no BYE: the connection was cut");
        }
    }
}
