package dev.parley.bench.client;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.observe.ClientObserver;
import dev.parley.micrometer.ParleyMetrics;
import dev.parley.server.ParleyServer;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import dev.parley.server.observe.ServerObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the metrics hooks cost: {@link ClientThroughput}'s one-connection shape ({@code ping} to a real
 * {@link ParleyServer} in the same JVM, each side on one event loop thread, {@value #DEPTH} requests outstanding)
 * with nobody observing (the default {@code NONE} observers), with observers that implement nothing (every hook is
 * called and returns at once), and with the {@code parley-micrometer} observers on a {@link SimpleMeterRegistry}.
 * The same observer kind is set on the client and the server.
 *
 * <p>An operation is one call; the score is calls per second. Throughput moves with whatever else runs on a shared
 * machine, so each trial also prints the CPU time both event loop threads spent per call (from {@code ThreadMXBean}),
 * the figure to compare. Not a test: see {@code docs/BENCHMARKS.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(2)
public class ObserverCostBenchmark {

    /** Requests in flight per batch, as in {@code ClientThroughput 1x64}. */
    static final int DEPTH = 64;

    private static final Request PING = Request.query("ping");

    /** Who observes: {@code none} (the defaults), {@code noop} (hooks that do nothing), {@code micrometer}. */
    @Param({"none", "noop", "micrometer"})
    public String observer;

    private EventLoopGroup serverGroup;
    private RunningServer server;
    private ParleyClient client;
    private Session session;
    private final CompletableFuture<?>[] batch = new CompletableFuture<?>[DEPTH];
    private long calls;
    private long cpuAtStart;
    private long callsAtStart;

    /** Starts the server and connects one session, both with the chosen observers. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ServerObserver serverObserver;
        ClientObserver clientObserver;
        switch (observer) {
            case "none" -> {
                serverObserver = ServerObserver.NONE;
                clientObserver = ClientObserver.NONE;
            }
            case "noop" -> {
                serverObserver = new ServerObserver() {
                };
                clientObserver = new ClientObserver() {
                };
            }
            case "micrometer" -> {
                ParleyMetrics metrics = ParleyMetrics.bind(new SimpleMeterRegistry());
                serverObserver = metrics.serverObserver();
                clientObserver = metrics.clientObserver();
            }
            default -> throw new IllegalArgumentException("observer: " + observer
                    + " (expected: none, noop or micrometer)");
        }
        serverGroup = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable()
                ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        server = ParleyServer.builder().router(Router.builtinsOnly()).eventLoopGroup(serverGroup)
                .observer(serverObserver).build().start();
        client = ParleyClient.create(1);
        session = client.connect(server.localAddress(), ClientOptions.builder().maxOutstanding(1024)
                .observer(clientObserver).build());
        session.call(PING);
    }

    /** Notes the event loops' CPU time before each measured iteration. */
    @Setup(Level.Iteration)
    public void startIteration() throws Exception {
        cpuAtStart = cpuNanos();
        callsAtStart = calls;
    }

    /** Prints the CPU time per call of the iteration just ended. */
    @TearDown(Level.Iteration)
    public void endIteration() throws Exception {
        long n = calls - callsAtStart;
        System.out.printf("observer=%s: event loop CPU per call (client + server): %d ns over %,d calls%n",
                observer, (cpuNanos() - cpuAtStart) / Math.max(1, n), n);
    }

    /** Closes the session and stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.close();
        client.close();
        server.shutdownGracefully(Duration.ofSeconds(2));
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /**
     * Sends {@value #DEPTH} pings without waiting, then waits for all of them.
     *
     * @return the last reply, so that nothing is optimised away
     */
    @Benchmark
    @OperationsPerInvocation(DEPTH)
    public Object pings() {
        for (int i = 0; i < DEPTH; i++) {
            batch[i] = session.send(PING);
        }
        CompletableFuture.allOf(batch).join();
        calls += DEPTH;
        return ((Reply) batch[DEPTH - 1].join()).status();
    }

    private long cpuNanos() throws Exception {
        return cpuNanos(serverGroup) + cpuNanos(client.eventLoopGroup());
    }

    private static long cpuNanos(EventLoopGroup group) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (EventExecutor loop : group) {
            long id = loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            sum += threads.getThreadCpuTime(id);
        }
        return sum;
    }
}
