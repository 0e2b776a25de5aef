package dev.parley.bench.client;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.server.ParleyServer;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Client throughput against a real {@link ParleyServer} answering its built-in {@code ping}, in the same JVM, each
 * side on one event loop thread: one connection with 1 and with 64 requests outstanding, and 32 sessions at once.
 * Besides requests per second it reports each side's event loop CPU time per call, which stays comparable when the
 * machine is shared.
 * Each scenario warms up, then counts completed calls for a fixed time; the whole run is bounded (about 25 s with
 * the defaults). Not a test: run it by hand, see {@code docs/BENCHMARKS.md}.
 *
 * <p>Arguments: {@code [seconds per scenario, default 5] [warm-up seconds, default 2] [scenario: all, 1x1, 1x64,
 * 32x16; default all]}.
 */
public final class ClientThroughput {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final Request PING = Request.query("ping");
    private static final String[][] SCENARIOS = {
        {"1x1", "1 connection, 1 outstanding", "1", "1"},
        {"1x64", "1 connection, 64 outstanding", "1", "64"},
        {"32x16", "32 sessions, 16 outstanding each", "32", "16"},
    };

    private ClientThroughput() {
    }

    /**
     * Runs the scenarios and logs one result line each.
     *
     * @param args seconds per scenario, warm-up seconds, scenario
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String only = args.length > 2 ? args[2] : "all";
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable()
                ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        RunningServer server = ParleyServer.builder().router(Router.builtinsOnly()).eventLoopGroup(serverGroup)
                .build().start();
        try (ParleyClient client = ParleyClient.create(1)) {
            ClientOptions options = ClientOptions.builder().maxOutstanding(1024).build();
            LOG.info("B001 peer: {}; transport: {}", server, Epoll.isAvailable() ? "epoll" : "nio");
            for (String[] s : SCENARIOS) {
                if (only.equals("all") || only.equals(s[0])) {
                    run(client, serverGroup, server, options, s[1], Integer.parseInt(s[2]), Integer.parseInt(s[3]),
                            seconds, warmup);
                }
            }
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2));
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void run(ParleyClient client, EventLoopGroup serverGroup, RunningServer server,
                            ClientOptions options, String name, int sessionCount, int depth, int seconds, int warmup)
            throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < sessionCount; i++) {
            Session s = client.connect(server.localAddress(), options);
            s.call(PING);
            sessions.add(s);
        }
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        for (Session s : sessions) {
            for (int i = 0; i < depth; i++) {
                new Slot(s, done, failed, running).next();
            }
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long before = done.sum();
        long clientCpu = cpuNanos(client.eventLoopGroup());
        long serverCpu = cpuNanos(serverGroup);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long count = done.sum() - before;
        long elapsed = System.nanoTime() - start;
        clientCpu = cpuNanos(client.eventLoopGroup()) - clientCpu;
        serverCpu = cpuNanos(serverGroup) - serverCpu;
        running.set(false);
        Thread.sleep(200);
        sessions.forEach(Session::close);
        LOG.info("B100 {}: {} requests/s ({} calls in {} ms, {} failed); event loop CPU per call: client {} ns, "
                + "server {} ns", name, String.format("%,d", (long) (count * 1e9 / elapsed)), count,
                Duration.ofNanos(elapsed).toMillis(), failed.sum(), clientCpu / Math.max(1, count),
                serverCpu / Math.max(1, count));
    }

    /**
     * Returns the CPU time used so far by the threads of a one-thread event loop group: unlike throughput on a shared
     * machine, CPU per call does not depend on how much of the CPU the other processes took.
     */
    private static long cpuNanos(EventLoopGroup group) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (EventExecutor loop : group) {
            long id = loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            sum += threads.getThreadCpuTime(id);
        }
        return sum;
    }

    /**
     * Keeps one request outstanding: each completion sends the next. One callback object per slot, so that the
     * harness itself allocates nothing per call beyond what {@code whenComplete} does.
     */
    private static final class Slot implements BiConsumer<Reply, Throwable> {
        private final Session session;
        private final LongAdder done;
        private final LongAdder failed;
        private final AtomicBoolean running;

        Slot(Session session, LongAdder done, LongAdder failed, AtomicBoolean running) {
            this.session = session;
            this.done = done;
            this.failed = failed;
            this.running = running;
        }

        void next() {
            session.send(PING).whenComplete(this);
        }

        @Override
        public void accept(Reply reply, Throwable error) {
            if (error != null) {
                failed.increment();
            } else {
                done.increment();
            }
            if (running.get()) {
                next();
            }
        }
    }
}
