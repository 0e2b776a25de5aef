package dev.parley.micrometer;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Command;
import dev.parley.server.Greeting;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import dev.parley.testkit.Await;
import dev.parley.testkit.peer.LineConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server meters against a real server and client on loopback. */
class ServerMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ParleyMetrics metrics = ParleyMetrics.bind(registry);
    private RunningServer server;
    private ParleyClient client;

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
    }

    private static Router router() {
        return Router.builder()
                .add(Command.query("echo").usage("<word>").handler(call -> Reply.ok(call.arg(0))))
                .add(Command.query("fail").handler(call -> Reply.error(ErrorCode.FAILED, "as asked")))
                .build();
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private long timerCount(String name) {
        return registry.find(name).timers().stream().mapToLong(Timer::count).sum();
    }

    private double sum(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void requestsAreCountedByVerbAndOutcomeAndTimedOncePerRequest() throws Exception {
        server = ParleyServer.builder().router(router()).observer(metrics.serverObserver()).build().start();
        client = ParleyClient.create(1);
        Session session = client.connect(server.localAddress(), ClientOptions.builder().build());
        for (int i = 0; i < 3; i++) {
            assertEquals("w" + i, session.call(Request.query("echo", "w" + i)).arg(0));
        }
        assertRemoteError(session, Request.query("fail"), ErrorCode.FAILED);
        assertRemoteError(session, Request.query("no-such-verb"), ErrorCode.UNKNOWN_COMMAND);
        assertRemoteError(session, Request.query("echo"), ErrorCode.BAD_ARGS);

        assertEquals(3, count("parley.server.requests", "verb", "echo", "outcome", "ok"));
        assertEquals(1, count("parley.server.requests", "verb", "echo", "outcome", "bad_args"));
        assertEquals(1, count("parley.server.requests", "verb", "fail", "outcome", "failed"));
        assertEquals(1, count("parley.server.requests", "verb", "other", "outcome", "unknown_command"));
        assertEquals(6, sum("parley.server.requests"));
        assertEquals(6, timerCount("parley.server.request.duration"));
        assertNotNull(registry.find("parley.server.request.duration").tag("verb", "echo").timer());
        assertTrue(registry.find("parley.server.requests").tag("verb", "no-such-verb").counters().isEmpty(),
                "an unknown verb has no tag of its own");

        assertEquals(1, registry.get("parley.server.connections").gauge().value());
        assertEquals(1, count("parley.server.connections.opened"));
        assertTrue(count("parley.server.bytes.in") > 0, "bytes in");
        assertTrue(count("parley.server.bytes.out") > 0, "bytes out");

        session.close();
        Await.until(WAIT, "the connection counted as closed",
                () -> count("parley.server.connections.closed") == 1);
        assertEquals(0, registry.get("parley.server.connections").gauge().value());
    }

    @Test
    void aConnectionOverTheLimitIsCountedAsRejected() throws Exception {
        server = ParleyServer.builder().router(router()).greeting(Greeting.none())
                .server(s -> s.limits(l -> l.maxConnections(1)))
                .observer(metrics.serverObserver()).build().start();
        try (LineConnection first = LineConnection.connect(server.port())) {
            assertEquals("OK a", first.send("echo a\n").readLine());
            try (LineConnection second = LineConnection.connect(server.port())) {
                assertTrue(second.readLine().startsWith("BYE BUSY"), "the second connection is refused");
            }
            assertEquals(1, count("parley.server.rejected", "what", "connection", "code", "busy"));
            assertEquals(1, count("parley.server.connections.opened"));
            assertEquals(1, registry.get("parley.server.connections").gauge().value());
        }
    }

    @Test
    void requestsHeldBackByTheOutstandingLimitAreCounted() throws Exception {
        BlockingQueue<CompletableFuture<Reply>> started = new LinkedBlockingQueue<>();
        Router router = Router.builder()
                .add(Command.query("work").usage("<n>").async(call -> {
                    CompletableFuture<Reply> f = new CompletableFuture<>();
                    started.add(f);
                    return f;
                }))
                .build();
        server = ParleyServer.builder().router(router).greeting(Greeting.none())
                .server(s -> s.limits(l -> l.maxOutstanding(1)))
                .observer(metrics.serverObserver()).build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.send("work 1\nwork 2\nwork 3\n");
            CompletableFuture<Reply> first = started.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the first request started");
            Await.until(WAIT, "two requests held back", () -> count("parley.server.requests.held") == 2);
            first.complete(Reply.ok("1"));
            for (int i = 2; i <= 3; i++) {
                CompletableFuture<Reply> next = started.poll(10, TimeUnit.SECONDS);
                assertNotNull(next, "request " + i + " started");
                next.complete(Reply.ok(Integer.toString(i)));
            }
            for (int i = 1; i <= 3; i++) {
                assertEquals("OK " + i, c.readLine());
            }
        }
        assertEquals(2, count("parley.server.requests.held"));
        assertEquals(3, count("parley.server.requests", "verb", "work", "outcome", "ok"));
    }

    @Test
    void aBodyOverItsLimitIsCountedAsARejectedRequest() throws Exception {
        Router router = Router.builder()
                .add(Command.action("put").aggregateBody(4).handler(call -> Reply.OK))
                .build();
        server = ParleyServer.builder().router(router).greeting(Greeting.none())
                .observer(metrics.serverObserver()).build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.send("put {8}\n12345678");
            assertTrue(c.readLine().startsWith("ERR TOO_LARGE"), "over the body limit");
            c.send("put {2}\nab");
            assertEquals("OK", c.readLine());
        }
        assertEquals(1, count("parley.server.rejected", "what", "request", "code", "too_large"));
        assertEquals(1, count("parley.server.requests", "verb", "put", "outcome", "too_large"));
        assertEquals(1, count("parley.server.requests", "verb", "put", "outcome", "ok"));
    }

    private static void assertRemoteError(Session session, Request request, ErrorCode code)
            throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> session.send(request).get(10, TimeUnit.SECONDS));
        assertEquals(code, assertInstanceOf(RemoteErrorException.class, e.getCause()).errorCode());
    }
}
