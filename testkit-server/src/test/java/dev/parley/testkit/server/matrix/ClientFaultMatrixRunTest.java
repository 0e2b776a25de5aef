package dev.parley.testkit.server.matrix;

import dev.parley.client.Body;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Request.Kind;
import dev.parley.client.RetryPolicy;
import dev.parley.client.Session;
import dev.parley.server.Command;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import dev.parley.testkit.Await;
import dev.parley.testkit.proxy.Direction;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix at scale: a few sessions pipeline thousands of mixed calls (queries, actions, idempotent
 * actions; deadlines of 300 to 800 ms, some with a shorter limit per attempt, some on which the server works a
 * while, some over the server's handler limit, some with a request body of up to 4 KiB, and some blocking actions
 * that a full executor rejects unexecuted) through the proxy while a {@link FaultSwitcher} turns random faults on
 * and off. Afterwards the client's record of every call is held against the server's executions
 * ({@link FaultMatrix#reconcile}): no action ran twice, every answered action ran once, nothing the client calls
 * unsent ran, no reply reached the wrong request, no call outlived its deadline by more than the slack. Once the
 * faults are gone, every session answers a query again.
 *
 * <p>In the build it is a short run ({@value #SMALL_CALLS} calls); with the module's {@code fault-matrix} profile
 * (system property {@value #FULL}) it is the full run ({@value #FULL_CALLS} calls), whose figures are in
 * {@code docs/RELIABILITY.md}. Both write their report to {@code target/fault-matrix-run.txt}.
 */
class ClientFaultMatrixRunTest {

    /** Set by the module's {@code fault-matrix} profile: the full run instead of the short one. */
    static final String FULL = "parley.matrix.full";
    static final int SMALL_CALLS = 1_000;
    static final int FULL_CALLS = 20_000;
    static final Duration SLACK = Duration.ofMillis(500);
    static final RetryPolicy POLICY = RetryPolicy.idempotentOnly();

    /** A blocking action, run on the server's small blocking executor, which answers {@code ERR BUSY} when full. */
    static final String BLOCKING_ACTION = "mb";
    /**
     * Two blocking threads with a queue of two, so that bursts of {@link #BLOCKING_ACTION} are rejected unexecuted
     * ({@code ERR BUSY}), and a handler limit of 200 ms, below some requests' work, so that some are answered
     * {@code ERR TIMEOUT} after they started (their outcome unknown to the client).
     */
    static final Limits LIMITS = Limits.builder().handlerTimeout(Duration.ofMillis(200)).blockingThreads(2)
            .blockingQueueSize(2).blockingReserve(0).build();

    static Router router(ExecutionCounter counter) {
        return CountingRouter.commands(Router.builder(), counter)
                .add(Command.action(BLOCKING_ACTION).usage("<id> [work-ms]").blocking().handler(call -> {
                    int ran = counter.record(call.arg(0));
                    if (call.args().size() > 1) {
                        try {
                            // The work of a slow device, on a blocking thread; the server's time limit interrupts it.
                            Thread.sleep(Long.parseLong(call.arg(1)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return dev.parley.server.Reply.ok(call.arg(0), Integer.toString(ran));
                })).build();
    }

    static List<Fault> menu() {
        return List.of(
                Fault.latency(Duration.ofMillis(60), Duration.ofMillis(40)).direction(Direction.BOTH).named("latency"),
                Fault.latency(Duration.ofMillis(900), Duration.ZERO).named("latency_long"),
                Fault.slicer(4, 3, Duration.ofMillis(1)).direction(Direction.BOTH).named("slicer"),
                Fault.bandwidth(3_000).named("bandwidth"),
                Fault.stall().named("stall_down"),
                Fault.stall().direction(Direction.UP).named("stall_up"),
                Fault.stall(Duration.ofMillis(200)).direction(Direction.BOTH).named("stall_brief"),
                Fault.reset(Duration.ofMillis(150)).probability(0.5).named("reset_down"),
                Fault.reset(Duration.ofMillis(80)).direction(Direction.UP).probability(0.5).named("reset_up"),
                Fault.limitData(300).named("limit_down"),
                Fault.limitData(200).direction(Direction.UP).named("limit_up"),
                Fault.limitData(64).direction(Direction.UP).probability(0.3).named("limit_up_early"),
                Fault.reset(Duration.ZERO).probability(0.3).named("reset_at_once"),
                Fault.slicer(1, 0, Duration.ZERO).direction(Direction.UP).named("slicer_bytes_up"),
                Fault.latency(Duration.ofMillis(200), Duration.ofMillis(150)).direction(Direction.BOTH)
                        .named("latency_jitter"),
                Fault.slowClose(Duration.ofMillis(200)).named("slow_close"),
                Fault.down().named("down"));
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void thousandsOfMixedCallsUnderRandomFaultsKeepEveryPromise() throws Exception {
        boolean full = Boolean.getBoolean(FULL);
        int calls = full ? FULL_CALLS : SMALL_CALLS;
        int sessions = full ? 4 : 2;
        int depth = full ? 32 : 16;
        long seed = Long.getLong("parley.matrix.seed", 20261202L);
        ExecutionCounter counter = new ExecutionCounter();
        CallRecorder recorder = new CallRecorder("run");
        RunningServer server = ParleyServer.builder().router(router(counter)).server(s -> s.limits(LIMITS)).build()
                .start();
        long started = System.nanoTime();
        FaultMatrix.Report report;
        String switches;
        try (ParleyClient client = ParleyClient.create(2);
             FaultProxy proxy = FaultProxy.start(server.localAddress())) {
            List<Session> all = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                // Keepalive pings every 150 ms of silence: internal requests mixed into the pipeline, and a stalled
                // connection found dead by them.
                all.add(client.connect(proxy.address(), ClientFaultMatrixTest.options().toBuilder()
                        .socket(s -> s.keepaliveIdle(Duration.ofMillis(150)).keepaliveTimeout(Duration.ofMillis(300)))
                        .build()));
            }
            for (Session s : all) {
                // Connected and warmed up before the faults start.
                assertTrue(recorder.send(s, Kind.QUERY, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).isOk());
            }
            try (FaultSwitcher faults = FaultSwitcher.builder(proxy).menu(menu()).maxActive(2)
                    .step(Duration.ofMillis(50), Duration.ofMillis(400)).seed(seed).start()) {
                List<Thread> drivers = new ArrayList<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                for (int i = 0; i < sessions; i++) {
                    Session s = all.get(i);
                    Random random = new Random(seed + i);
                    int share = calls / sessions;
                    Thread t = new Thread(() -> drive(s, recorder, random, share, depth, failure), "driver-" + i);
                    drivers.add(t);
                    t.start();
                }
                for (Thread t : drivers) {
                    t.join(TimeUnit.MINUTES.toMillis(8));
                }
                assertEquals(null, failure.get(), "a driver failed");
                Await.until(Duration.ofSeconds(10), "every call ended", () -> recorder.running() == 0);
                switches = faults.switchedOn().toString();
            }
            proxy.clear();
            for (Session s : all) {
                Reply r = recorder.send(s, Kind.QUERY, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
                assertTrue(r.isOk(), r::toString);
            }
            settle(counter);
            report = FaultMatrix.reconcile(recorder.records(), counter.snapshot(), SLACK, POLICY);
            for (Session s : all) {
                s.close();
            }
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String text = (full ? "full" : "short") + " run, seed " + seed + ", " + sessions + " sessions, pipelining "
                + depth + ", " + seconds + " s\nfaults switched on: " + switches + '\n'
                + "server executions: " + counter.total() + '\n' + report.text() + overshoots(recorder.records())
                + "latest calls:\n"
                + recorder.records().stream().sorted(Comparator.comparing(CallRecord::overshoot).reversed()).limit(5)
                .map(r -> "  " + r + '\n').collect(Collectors.joining());
        write(text);
        assertEquals(List.of(), report.violations(), text);
    }

    /** Sends a session's share of calls, keeping up to {@code depth} of them outstanding. */
    private static void drive(Session s, CallRecorder recorder, Random random, int share, int depth,
                              AtomicReference<Throwable> failure) {
        Semaphore slots = new Semaphore(depth);
        try {
            for (int n = 0; n < share; n++) {
                if (!slots.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("no call ended within 10 s: " + recorder.running() + " running");
                }
                double k = random.nextDouble();
                Kind kind = k < 0.4 ? Kind.QUERY : k < 0.7 ? Kind.ACTION : Kind.IDEMPOTENT_ACTION;
                Duration deadline = Duration.ofMillis(300 + random.nextInt(501));
                Duration work = random.nextDouble() < 0.2 ? Duration.ofMillis(1 + random.nextInt(250)) : Duration.ZERO;
                String id = recorder.nextId(kind);
                Request r = kind == Kind.ACTION && k > 0.65
                        ? Request.action(BLOCKING_ACTION, id, Long.toString(random.nextInt(60)))
                        : CountingRouter.request(kind, id, work);
                if (random.nextDouble() < 0.2 && !r.verb().equals(BLOCKING_ACTION)) {
                    byte[] body = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(body);
                    r = r.withBody(Body.of(body));
                }
                r = r.withTimeout(deadline);
                if (random.nextDouble() < 0.3) {
                    r = r.withAttemptTimeout(deadline.dividedBy(3));
                }
                CompletableFuture<Reply> f = recorder.send(s, r);
                f.whenComplete((reply, e) -> slots.release());
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /** @return the 50th, 99th and 99.9th percentiles of how far calls ended past their deadline, one line */
    private static String overshoots(List<CallRecord> records) {
        long[] ms = records.stream().mapToLong(r -> r.overshoot().toMillis()).sorted().toArray();
        return "overshoot past the deadline: p50 " + ms[ms.length / 2] + " ms, p99 " + ms[(int) (ms.length * 0.99)]
                + " ms, p99.9 " + ms[(int) (ms.length * 0.999)] + " ms (negative: ended before it)\n";
    }

    private static void settle(ExecutionCounter counter) {
        long[] last = {counter.total(), System.nanoTime()};
        Await.until(Duration.ofSeconds(5), "the server quiet", () -> {
            long now = System.nanoTime();
            if (counter.total() != last[0]) {
                last[0] = counter.total();
                last[1] = now;
            }
            return now - last[1] >= TimeUnit.MILLISECONDS.toNanos(300);
        });
    }

    private static void write(String text) throws IOException {
        Path out = Path.of("target", "fault-matrix-run.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }
}
