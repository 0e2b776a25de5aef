package dev.parley.bench.client;

import com.sun.management.OperatingSystemMXBean;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.SocketOptions;
import dev.parley.client.TimeoutOptions;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.server.ParleyServer;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What idle sessions cost the client: heap per session and event loop CPU while nothing is sent, with the client's
 * own keepalive alone or with the shared read idle stage of {@code ParleyPipeline} added (one scheduled check per
 * connection). Not a test: run it by hand, see {@code docs/BENCHMARKS.md}.
 *
 * <p>The server runs in its own process (each side holds one socket per session):
 * {@code IdleSessions server} prints its port and serves until its input closes;
 * {@code IdleSessions client PORT SESSIONS IDLE_STAGE(true|false) SECONDS} connects, waits until every session
 * answered once, then measures; an optional sixth argument is the deadline resolution in ms (default 10; the
 * period of the per-session sweep in builds that had one). Heap per session is measured twice: the used heap after
 * {@code System.gc()} ({@code MemoryMXBean}) and the live heap of {@code GC.class_histogram}, each after connecting
 * less before, over the sessions; the histogram's largest classes are listed per session.
 */
public final class IdleSessions {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");

    private IdleSessions() {
    }

    /**
     * Runs the server or the client side.
     *
     * @param args see the class comment
     * @throws Exception if a side cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            RunningServer server = ParleyServer.builder().router(Router.builtinsOnly())
                    .server(o -> o.limits(l -> l.maxConnections(20_000).idleTimeout(Duration.ofHours(1))))
                    .build().start();
            LOG.info("B101 port {}", server.port());
            while (System.in.read() >= 0) {
                // serve until the input closes
            }
            server.close();
            return;
        }
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        boolean idleStage = Boolean.parseBoolean(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Duration resolution = args.length > 5 ? Duration.ofMillis(Long.parseLong(args[5]))
                : TimeoutOptions.DEFAULT_DEADLINE_RESOLUTION;
        ClientOptions.Builder b = ClientOptions.builder().socket(k -> k.connectTimeout(Duration.ofSeconds(30)))
                .timeouts(t -> t.requestTimeout(Duration.ofSeconds(60)).deadlineResolution(resolution));
        if (idleStage) {
            b.pipelineOptions(PipelineOptions.builder().readIdle(SocketOptions.DEFAULT_KEEPALIVE_IDLE).build());
        }
        ClientOptions options = b.build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        HeapHistogram histBefore = HeapHistogram.take();
        try (ParleyClient client = ParleyClient.create(1)) {
            List<Session> sessions = new ArrayList<>(n);
            List<CompletableFuture<?>> pings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Session s = client.connect(new InetSocketAddress("127.0.0.1", port), options);
                sessions.add(s);
                pings.add(s.send(Request.query("ping")));
            }
            CompletableFuture.allOf(pings.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            long after = usedAfterGc(memory);
            HeapHistogram histAfter = HeapHistogram.take();
            LOG.info("B103 live heap by class (GC.class_histogram), per session: {} B in all; largest:\n  {}",
                    (histAfter.total() - histBefore.total()) / n,
                    String.join("\n  ", histAfter.growthSince(histBefore, 40, n)));
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            LOG.info("B102 sessions={} idleStage={} sweep={} ms heap/session={} B cpu={} % of one core over {} s",
                    n, idleStage, resolution.toMillis(), (after - before) / n,
                    String.format("%.1f", 100.0 * cpu / wall), seconds);
            sessions.forEach(Session::close);
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
