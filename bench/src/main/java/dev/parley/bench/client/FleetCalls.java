package dev.parley.bench.client;

import dev.parley.agent.client.AgentVerbs;
import dev.parley.client.BodySink;
import dev.parley.client.ClientOptions;
import dev.parley.client.Fleet;
import dev.parley.client.ParleyClient;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link Fleet#callAll} over many sessions to an agent in another process: how long it takes, how many calls
 * were in flight at most (counted around every {@code send}, so it must stay at or below the bound), and the
 * client's heap per session while the sessions are open. Not a test: run it by hand, see {@code docs/BENCHMARKS.md}.
 *
 * <p>{@code FleetCalls SESSIONS BOUND[,BOUND...] [ROUNDS]} starts {@code parley agent} ({@code dev.parley.cli.Main}
 * from this JVM's class path) with {@code --max-connections} above the session count and a token, opens the
 * sessions (each authenticates), waits until all are connected, then runs {@code ROUNDS} (default 3) fleet calls of
 * {@code ping} per bound. Each side holds one socket per session: both processes need a descriptor limit
 * ({@code ulimit -n}) above the session count; the agent inherits this JVM's.
 */
public final class FleetCalls {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*");

    private FleetCalls() {
    }

    /**
     * Runs the bench.
     *
     * @param args see the class comment
     * @throws Exception if the agent does not start or the sessions do not connect
     */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        List<Integer> bounds = new ArrayList<>();
        for (String b : args[1].split(",")) {
            bounds.add(Integer.parseInt(b));
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("fleet-calls");
        Path root = Files.createDirectories(dir.resolve("root"));
        Path token = dir.resolve("token");
        Files.writeString(token, "fleet-calls-token\n", StandardCharsets.UTF_8);
        Path output = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Main", "agent", "--port", "0",
                "--root", root.toString(), "--token-file", token.toString(),
                "--max-connections", Integer.toString(n * 2), "--idle-timeout", "1h"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", awaitPort(agent, output));
            LOG.info("B201 agent pid {} on {}", agent.pid(), address);
            run(address, n, bounds, rounds);
        } finally {
            agent.destroy();
            if (!agent.waitFor(15, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    private static void run(InetSocketAddress address, int n, List<Integer> bounds, int rounds) throws Exception {
        ClientOptions options = ClientOptions.builder().authToken("fleet-calls-token")
                .socket(k -> k.connectTimeout(Duration.ofSeconds(30)))
                .timeouts(t -> t.greetingTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(60)))
                .build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ParleyClient client = ParleyClient.create()) {
            long before = usedAfterGc(memory);
            HeapHistogram histBefore = HeapHistogram.take();
            InFlight inFlight = new InFlight();
            Map<String, Session> targets = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Session s = client.connect(address, options);
                targets.put(s.name(), new Counted(s, inFlight));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            int connected = 0;
            while (System.nanoTime() - end < 0) {
                connected = (int) targets.values().stream().filter(Session::isConnected).count();
                if (connected == n) {
                    break;
                }
                Thread.sleep(100);
            }
            LOG.info("B202 {} of {} sessions connected and authenticated in {} ms", connected, n,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            long after = usedAfterGc(memory);
            HeapHistogram histAfter = HeapHistogram.take();
            LOG.info("B203 client heap per connected session: {} B (used after GC), {} B (GC.class_histogram);"
                    + " largest:\n  {}", (after - before) / n, (histAfter.total() - histBefore.total()) / n,
                    String.join("\n  ", histAfter.growthSince(histBefore, 12, n)));
            Request ping = AgentVerbs.request("ping");
            for (int bound : bounds) {
                for (int r = 1; r <= rounds; r++) {
                    inFlight.reset();
                    long c0 = System.nanoTime();
                    Map<String, Fleet.Result> results = Fleet.callAll(targets, ping, bound).get(300, TimeUnit.SECONDS);
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0);
                    long ok = results.values().stream().filter(Fleet.Result::isOk).count();
                    LOG.info("B204 callAll sessions={} bound={} round={} time={} ms ok={} failed={} max in flight={}"
                            + " ({})", n, bound, r, ms, ok, n - ok, inFlight.max(),
                            inFlight.max() <= bound ? "within the bound" : "OVER THE BOUND");
                }
            }
            targets.values().forEach(Session::close);
        }
    }

    private static int awaitPort(Process agent, Path output) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - end < 0) {
            for (String line : Files.readAllLines(output, StandardCharsets.ISO_8859_1)) {
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!agent.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the agent did not start; see " + output);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Calls in flight now and at most, over every session. */
    private static final class InFlight {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        void started() {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void ended() {
            now.decrementAndGet();
        }

        int max() {
            return max.get();
        }

        void reset() {
            max.set(now.get());
        }
    }

    /** A session that counts its calls in flight: from {@code send} until the reply's future completes. */
    private record Counted(Session s, InFlight inFlight) implements Session {
        @Override
        public CompletableFuture<Reply> send(Request request) {
            inFlight.started();
            CompletableFuture<Reply> f = s.send(request);
            // Counted down before Fleet sees the result (this stage runs first), so a freed slot is never counted
            // twice.
            return f.whenComplete((r, e) -> inFlight.ended());
        }

        @Override
        public CompletableFuture<Reply> send(Request request, BodySink sink) {
            inFlight.started();
            return s.send(request, sink).whenComplete((r, e) -> inFlight.ended());
        }

        @Override
        public Reply call(Request request) {
            return s.call(request);
        }

        @Override
        public boolean isConnected() {
            return s.isConnected();
        }

        @Override
        public SocketAddress remoteAddress() {
            return s.remoteAddress();
        }

        @Override
        public String name() {
            return s.name();
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
