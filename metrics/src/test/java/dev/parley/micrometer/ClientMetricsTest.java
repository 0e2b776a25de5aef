package dev.parley.micrometer;

import dev.parley.client.Backoff;
import dev.parley.client.ClientOptions;
import dev.parley.client.ConnectionLostException;
import dev.parley.client.ParleyClient;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Command;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import dev.parley.testkit.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client meters against a real server on loopback: requests, retries, reconnects, bytes. */
class ClientMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private Session connect(ParleyMetrics metrics) {
        client = ParleyClient.create(1);
        return client.connect(server.localAddress(), ClientOptions.builder()
                .retries(r -> r.backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2)))
                .observer(metrics.clientObserver()).build());
    }

    @Test
    void retriesAndReconnectsAreCounted() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        Router router = Router.builder()
                .add(Command.query("flaky").handler(call -> tries.incrementAndGet() <= 2
                        ? Reply.error(ErrorCode.BUSY, "try again") : Reply.OK))
                .add(Command.action("drop").handler(call -> {
                    call.session().close();
                    return Reply.none();
                }))
                .build();
        server = ParleyServer.builder().router(router).build().start();
        Session session = connect(ParleyMetrics.bind(registry));

        session.call(Request.query("flaky"));
        assertEquals(2, count("parley.client.retries", "verb", "flaky"));
        assertEquals(1, count("parley.client.requests", "verb", "flaky", "outcome", "ok"));
        assertEquals(1, registry.get("parley.client.request.duration").tag("verb", "flaky").timer().count(),
                "one call, however many attempts");

        ExecutionException lost = assertThrows(ExecutionException.class,
                () -> session.send(Request.action("drop")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, lost.getCause());
        assertEquals(1, count("parley.client.requests", "verb", "drop", "outcome", "connection_lost"));
        Await.until(WAIT, "the session reconnected", () -> count("parley.client.connections.opened") == 2);
        assertTrue(count("parley.client.reconnects") >= 1, "reconnects: " + count("parley.client.reconnects"));
        assertEquals(1, count("parley.client.connections.closed"));
        assertEquals(1, registry.get("parley.client.connections").gauge().value());

        session.call(Request.query("ping"));
        assertEquals(1, count("parley.client.requests", "verb", "ping", "outcome", "ok"));
        assertTrue(count("parley.client.bytes.out") > 0, "bytes out");
        assertTrue(count("parley.client.bytes.in") > 0, "bytes in");
        long timed = registry.find("parley.client.request.duration").timers().stream().mapToLong(Timer::count).sum();
        double counted = registry.find("parley.client.requests").counters().stream().mapToDouble(Counter::count)
                .sum();
        assertEquals(3, timed);
        assertEquals(3, counted);
    }

    @Test
    void clientVerbsOutsideTheConfiguredOnesAreTaggedOther() throws Exception {
        server = ParleyServer.builder().router(Router.builtinsOnly()).build().start();
        Session session = connect(ParleyMetrics.builder(registry).clientVerbs(List.of("ping")).build());
        session.call(Request.query("ping"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> session.send(Request.query("verb-" + System.nanoTime())).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("UNKNOWN_COMMAND"), e.getCause().getMessage());
        assertEquals(1, count("parley.client.requests", "verb", "ping", "outcome", "ok"));
        assertEquals(1, count("parley.client.requests", "verb", "other", "outcome", "unknown_command"));
    }

    @Test
    void theFirstClientVerbsSeenAreTaggedAndTheRestAreOther() {
        BoundedTags tags = new BoundedTags(null, 2);
        assertEquals("a", tags.of("a"));
        assertEquals("b", tags.of("b"));
        assertEquals(ParleyMetrics.OTHER, tags.of("c"));
        assertEquals("a", tags.of("a"));
        assertEquals(ParleyMetrics.OTHER, tags.of(null));
    }
}
