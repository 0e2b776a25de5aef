package dev.parley.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Fleet#callAll}: flat stack whatever the fleet's size, and never more calls in flight than the bound. */
class FleetTest {

    private static ParleyClient client;

    @BeforeAll
    static void startClient() {
        client = ParleyClient.create(1);
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @Test
    void tenThousandTargetsThatFailAtOnceDoNotOverflowTheStack() throws Exception {
        // A closed session fails each request before send() returns: every completion runs inside the call that
        // started it, the case that used to start the next target one stack frame deeper each time.
        Session closed = client.connect(new InetSocketAddress("127.0.0.1", 9));
        closed.close();
        Map<String, Session> fleet = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            fleet.put("t" + i, closed);
        }
        Map<String, Fleet.Result> results = Fleet.callAll(fleet, Request.query("uptime"), 1)
                .get(10, TimeUnit.SECONDS);
        assertEquals(10_000, results.size());
        assertEquals(new ArrayList<>(fleet.keySet()), new ArrayList<>(results.keySet()), "results keep the order");
        for (Fleet.Result r : results.values()) {
            assertFalse(r.isOk());
            assertInstanceOf(SessionClosedException.class, r.error());
        }
    }

    @Test
    void neverMoreCallsInFlightThanTheBound() throws Exception {
        Counting counting = new Counting();
        Map<String, Session> fleet = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            fleet.put("t" + i, counting);
        }
        CompletableFuture<Map<String, Fleet.Result>> all = Fleet.callAll(fleet, Request.query("uptime"), 7);
        int rounds = 0;
        while (!all.isDone()) {
            // Fill up before answering: each round sees the bound reached (or the fleet's last calls in flight).
            ConnectionFailureTest.waitUntil(() -> counting.inFlight.get() == 7 || counting.started.get() == 2_000);
            assertTrue(counting.inFlight.get() <= 7, "in flight: " + counting.inFlight.get());
            counting.answerSome();
            rounds++;
        }
        Map<String, Fleet.Result> results = all.get(5, TimeUnit.SECONDS);
        assertEquals(2_000, results.size());
        assertEquals(2_000, counting.started.get());
        assertEquals(7, counting.maxInFlight.get(), "the bound is reached and never passed");
        long ok = results.values().stream().filter(Fleet.Result::isOk).count();
        assertTrue(ok > 0 && ok < 2_000, "both outcomes occurred: " + ok + " ok");
        assertTrue(rounds > 100, "answered in rounds: " + rounds);
    }

    @Test
    void aSendThatThrowsIsThatTargetsFailureOnly() throws Exception {
        Session throwing = new Counting() {
            @Override
            public CompletableFuture<Reply> send(Request request) {
                throw new IllegalStateException("broken");
            }
        };
        Map<String, Session> fleet = new LinkedHashMap<>();
        fleet.put("a", throwing);
        fleet.put("b", throwing);
        Map<String, Fleet.Result> results = Fleet.callAll(fleet, Request.query("uptime"), 1).get(5, TimeUnit.SECONDS);
        assertEquals(2, results.size());
        assertTrue(results.get("b").error().getMessage().contains("broken"), results.toString());
    }

    /**
     * A target that fails one call in four at once (in the caller's thread) and keeps the others open until the test
     * answers some of them, counting how many of its calls are in flight together.
     */
    private static class Counting implements Session {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final ConcurrentLinkedQueue<CompletableFuture<Reply>> open = new ConcurrentLinkedQueue<>();

        @Override
        public CompletableFuture<Reply> send(Request request) {
            started.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            CompletableFuture<Reply> f = new CompletableFuture<>();
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                complete(f, false);
            } else {
                open.add(f);
            }
            return f;
        }

        /** Answers one to three open calls, each a success or a failure; their slots start the next targets. */
        void answerSome() {
            int n = 1 + ThreadLocalRandom.current().nextInt(3);
            CompletableFuture<Reply> f;
            for (int i = 0; i < n && (f = open.poll()) != null; i++) {
                complete(f, ThreadLocalRandom.current().nextBoolean());
            }
        }

        private void complete(CompletableFuture<Reply> f, boolean ok) {
            inFlight.decrementAndGet();
            if (ok) {
                f.complete(Reply.ok(List.of("up"), null));
            } else {
                f.completeExceptionally(new ConnectionLostException(Progress.UNKNOWN, "lost", null));
            }
        }

        @Override
        public CompletableFuture<Reply> send(Request request, BodySink sink) {
            return send(request);
        }

        @Override
        public Reply call(Request request) {
            return send(request).join();
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 9);
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void close() {
        }
    }
}
