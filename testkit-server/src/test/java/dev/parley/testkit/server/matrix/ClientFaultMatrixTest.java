package dev.parley.testkit.server.matrix;

import dev.parley.client.Backoff;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Request.Kind;
import dev.parley.client.RetryPolicy;
import dev.parley.client.Session;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import dev.parley.testkit.Await;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client fault matrix: every fault of the proxy against every kind of request (query, action, idempotent
 * action), the server behind the proxy counting each request's executions ({@link CountingRouter}). For each pair,
 * a few pipelined calls are made while the fault is on; then
 * <ul>
 *   <li>each call ended within its deadline (plus {@link #SLACK}) with a reply or a typed error, the one the
 *       fault calls for, with the progress it calls for;</li>
 *   <li>each request ran as often as the fault and the client's {@link RetryPolicy} allow: an action at most once,
 *       and exactly once when the fault let it reach the server; a retried query more than once;</li>
 *   <li>each reply carries its own request's id;</li>
 *   <li>once the fault is removed, a query on the same session succeeds (through a reconnect where needed);</li>
 *   <li>{@link FaultMatrix#reconcile} finds no broken promise in the case's calls.</li>
 * </ul>
 */
class ClientFaultMatrixTest {

    /** How late a call may end after its deadline on a busy machine: the sweep is every 10 ms. */
    static final Duration SLACK = Duration.ofMillis(500);
    /** Calls per case, pipelined. */
    static final int CALLS = 3;
    static final RetryPolicy POLICY = RetryPolicy.idempotentOnly();

    static RunningServer server;
    static ParleyClient client;
    static final ExecutionCounter COUNTER = new ExecutionCounter();
    static final AtomicInteger CASES = new AtomicInteger();

    FaultProxy proxy;
    Session session;

    @BeforeAll
    static void startServer() throws Exception {
        server = ParleyServer.builder().router(CountingRouter.router(COUNTER)).build().start();
        client = ParleyClient.create(1);
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            client.close();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
    }

    @AfterEach
    void stop() {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** Session options for the matrix: short connect and greeting limits, quick reconnects, a short stall limit. */
    static ClientOptions options() {
        return ClientOptions.builder()
                .socket(s -> s.connectTimeout(Duration.ofMillis(300)))
                .timeouts(t -> t.greetingTimeout(Duration.ofMillis(300)).stallLimit(Duration.ofMillis(400)))
                .retries(r -> r.backoff(Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(100), 2))
                        .policy(POLICY))
                .build();
    }

    static Stream<Arguments> matrix() {
        return MatrixScenarios.all().stream().flatMap(s -> Stream.of(Kind.values()).map(k -> Arguments.of(s, k)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("matrix")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void everyCallEndsInTimeRunsAsOftenAsAllowedAndTheSessionRecovers(MatrixScenarios.Scenario scenario, Kind kind)
            throws Exception {
        proxy = FaultProxy.start(server.localAddress());
        session = client.connect(proxy.address(), options());
        String prefix = "c" + CASES.incrementAndGet();
        CallRecorder recorder = new CallRecorder(prefix);
        CompletableFuture<Reply> warmUp = recorder.send(session, Kind.QUERY, Duration.ofSeconds(3));
        warmUp.get(5, TimeUnit.SECONDS);

        for (Fault f : scenario.faults()) {
            proxy.add(f);
        }
        if (scenario.dropConnection) {
            String drop = proxy.add(Fault.reset(Duration.ZERO).named("drop"));
            Await.until(Duration.ofSeconds(3), "the open connection dropped", () -> !session.isConnected());
            proxy.remove(drop);
        }

        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String id = recorder.nextId(kind);
            Request r = CountingRouter.request(kind, id, scenario.work).withTimeout(scenario.deadline);
            if (scenario.attemptTimeout != null) {
                r = r.withAttemptTimeout(scenario.attemptTimeout);
            }
            ids.add(id);
            calls.add(recorder.send(session, r));
        }
        AtomicLong clearedAt = new AtomicLong();
        if (scenario.removeAfter != null) {
            CompletableFuture.delayedExecutor(scenario.removeAfter.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                proxy.clear();
                clearedAt.set(System.nanoTime());
            });
        }
        long[] endedAt = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            int n = i;
            calls.get(i).handle((r, e) -> endedAt[n] = System.nanoTime())
                    .get(scenario.deadline.plus(SLACK).toMillis() + 2000, TimeUnit.MILLISECONDS);
        }

        proxy.clear();
        Reply recovered = recorder.send(session, Kind.QUERY, Duration.ofSeconds(3)).get(5, TimeUnit.SECONDS);
        assertTrue(CountingRouter.echoedId(recovered).startsWith(prefix + "-query-"), recovered::toString);
        settle();

        Map<String, CallRecord> byId = recorder.records().stream()
                .collect(Collectors.toMap(CallRecord::id, r -> r));
        MatrixScenarios.Expect expect = scenario.expect(kind);
        boolean someRetried = false;
        StringBuilder seen = new StringBuilder(scenario + " / " + kind + ':');
        for (String id : ids) {
            seen.append("\n  ").append(byId.get(id)).append(", ran ").append(COUNTER.count(id));
        }
        System.out.println(seen);
        for (String id : ids) {
            CallRecord r = byId.get(id);
            Class<?> type = r.error() == null ? Reply.class : r.error().getClass();
            assertTrue(expect.outcomes.contains(type), () -> r + ": expected one of " + expect.outcomes);
            if (expect.progress != null) {
                assertEquals(expect.progress, ((ParleyClientException) r.error()).progress(), r::toString);
            }
            int ran = COUNTER.count(id);
            assertTrue(ran >= expect.minRuns && ran <= expect.maxRuns,
                    () -> r + ": ran " + ran + " times (expected: " + expect.minRuns + " to " + expect.maxRuns + ")");
            someRetried |= ran > 1;
            assertTrue(r.overshoot().compareTo(SLACK) <= 0, r::toString);
            assertTrue(r.elapsed().compareTo(scenario.minElapsed) >= 0, () -> r + ": faster than the fault allows");
        }
        if (expect.someRetried) {
            assertTrue(someRetried, "no call was retried: " + byId.values());
        }
        if (scenario.removeAfter != null) {
            for (long t : endedAt) {
                assertTrue(clearedAt.get() != 0 && t - clearedAt.get() >= 0,
                        "a call ended before the fault was removed");
            }
        }
        Map<String, Integer> executions = COUNTER.snapshot().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix + '-'))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        FaultMatrix.Report report = FaultMatrix.reconcile(recorder.records(), executions, SLACK, POLICY);
        assertEquals(List.of(), report.violations(), report.text());
    }

    /** Waits until the server's executions stop changing: held requests a removed fault let through have run. */
    private static void settle() {
        long[] last = {COUNTER.total(), System.nanoTime()};
        Await.until(Duration.ofSeconds(3), "the server quiet", () -> {
            long now = System.nanoTime();
            long total = COUNTER.total();
            if (total != last[0]) {
                last[0] = total;
                last[1] = now;
            }
            return now - last[1] >= TimeUnit.MILLISECONDS.toNanos(150);
        });
    }
}
