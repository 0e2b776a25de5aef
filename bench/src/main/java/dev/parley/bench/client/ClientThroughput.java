package dev.parley.bench.client;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Request;
import dev.parley.client.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client throughput against an in-process server answering {@code ping}: one connection with 1 and with 64 requests
 * outstanding, and 32 sessions at once. Each scenario warms up, then counts completed calls for a fixed time; the
 * whole run is bounded (about 30 s with the defaults). Not a test: run it by hand, see {@code docs/BENCHMARKS.md}.
 *
 * <p>Arguments: {@code [seconds per scenario, default 5] [warm-up seconds, default 2]}.
 */
public final class ClientThroughput {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final Request PING = Request.query("ping");

    private ClientThroughput() {
    }

    /**
     * Runs the scenarios and logs one result line each.
     *
     * @param args seconds per scenario and warm-up seconds
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (PingServer server = new PingServer(1); ParleyClient client = ParleyClient.create(1)) {
            ClientOptions options = ClientOptions.builder().maxOutstanding(1024).build();
            run(client, server, options, "1 connection, 1 outstanding", 1, 1, seconds, warmup);
            run(client, server, options, "1 connection, 64 outstanding", 1, 64, seconds, warmup);
            run(client, server, options, "1 connection, 256 outstanding", 1, 256, seconds, warmup);
            run(client, server, options, "32 sessions, 16 outstanding each", 32, 16, seconds, warmup);
        }
    }

    private static void run(ParleyClient client, PingServer server, ClientOptions options, String name,
                            int sessionCount, int depth, int seconds, int warmup) throws InterruptedException {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < sessionCount; i++) {
            Session s = client.connect(server.address(), options);
            s.call(PING);
            sessions.add(s);
        }
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        for (Session s : sessions) {
            for (int i = 0; i < depth; i++) {
                loop(s, done, failed, running);
            }
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long before = done.sum();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long count = done.sum() - before;
        long elapsed = System.nanoTime() - start;
        running.set(false);
        Thread.sleep(200);
        sessions.forEach(Session::close);
        LOG.info("B100 {}: {} requests/s ({} calls in {} ms, {} failed)", name,
                String.format("%,d", (long) (count * 1e9 / elapsed)), count,
                Duration.ofNanos(elapsed).toMillis(), failed.sum());
    }

    /** Keeps one request outstanding: each completion sends the next. */
    private static void loop(Session s, LongAdder done, LongAdder failed, AtomicBoolean running) {
        s.send(PING).whenComplete((r, e) -> {
            if (e != null) {
                failed.increment();
            } else {
                done.increment();
            }
            if (running.get()) {
                loop(s, done, failed, running);
            }
        });
    }
}
