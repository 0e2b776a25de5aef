package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outstanding limit holds even when one read delivers many more requests than it allows. */
class OutstandingLimitTest {

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void requestsBeyondTheLimitInOneReadWaitUntilRepliesGoOut() throws Exception {
        int limit = 4;
        int n = 40;
        BlockingQueue<CompletableFuture<Reply>> started = new LinkedBlockingQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Router router = Router.builder()
                .add(Command.query("work").usage("<n>").async(call -> {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    CompletableFuture<Reply> f = new CompletableFuture<>();
                    started.add(f);
                    return f.thenApply(ignored -> Reply.ok(call.arg(0)));
                }))
                .build();
        server = ParleyServer.builder().router(router).greeting(Greeting.none())
                .server(s -> s.limits(l -> l.maxOutstanding(limit))).build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append("work ").append(i).append('\n');
            }
            c.send(all.toString());
            for (int i = 0; i < n; i++) {
                CompletableFuture<Reply> next = started.poll(10, TimeUnit.SECONDS);
                assertNotNull(next, "request " + i + " started");
                inFlight.decrementAndGet();
                next.complete(Reply.OK);
            }
            for (int i = 0; i < n; i++) {
                assertEquals("OK " + i, c.readLine());
            }
        }
        assertTrue(mostInFlight.get() <= limit, "requests started at once: " + mostInFlight.get());
    }
}
