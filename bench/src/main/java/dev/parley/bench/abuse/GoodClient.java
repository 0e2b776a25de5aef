package dev.parley.bench.abuse;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentException;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one well-behaved client: an authenticated {@link AgentClient} that calls {@code ping}, {@code stat} and a small
 * {@code pull} in turn, with a short pause between calls, and records each call's time in an HdrHistogram (1 µs to
 * 60 s, 3 digits). A failed call is counted by its code and not recorded.
 */
final class GoodClient implements Runnable, AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int WARM_UP_CALLS = 300;

    private final ParleyClient client = ParleyClient.create(1);
    private final AgentClient agent;
    private final long pauseNanos;
    private volatile long deadlineNanos;
    final Histogram latency = new Histogram(1, TimeUnit.SECONDS.toMicros(60), 3);
    final Tally calls = new Tally();
    final Tally errors = new Tally();
    /** Failures before the attacks started. */
    final Tally warmUpErrors = new Tally();

    GoodClient(InetSocketAddress address, String token, Duration pause) {
        this.agent = AgentClient.connect(client, address,
                ClientOptions.builder().authToken(token).timeouts(t -> t.requestTimeout(REQUEST_TIMEOUT)).build());
        this.pauseNanos = pause.toNanos();
    }

    /** Sets when {@link #run()} stops; call before starting it. */
    void until(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Calls the agent a few hundred times before the attacks start, so the figures are not of a cold JVM. */
    void warmUp() {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            call(i, false);
        }
    }

    @Override
    public void run() {
        for (int i = 0; System.nanoTime() - deadlineNanos < 0; i++) {
            call(i, true);
            java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
        }
    }

    /**
     * One more {@code ping} after the attacks: whether the agent still serves.
     *
     * @return {@code OK pong}, or the code the ping failed with
     */
    String finalPing() {
        try {
            agent.ping();
            return "OK pong";
        } catch (AgentException e) {
            return e.code();
        }
    }

    private void call(int i, boolean record) {
        Tally failures = record ? errors : warmUpErrors;
        String verb = i % 3 == 0 ? "ping" : i % 3 == 1 ? "stat" : "pull";
        long start = System.nanoTime();
        try {
            switch (verb) {
                case "ping":
                    agent.ping();
                    break;
                case "stat":
                    agent.stat("/small.txt");
                    break;
                default:
                    Reply r = agent.session().call(Request.query("pull", "/small.txt"));
                    if (r.bodyLength() != AbuseRun.SMALL_FILE_BYTES) {
                        failures.add("pull: " + r.bodyLength() + " bytes (expected: " + AbuseRun.SMALL_FILE_BYTES
                                + ")");
                        return;
                    }
                    break;
            }
            long micros = Math.max(1, (System.nanoTime() - start) / 1_000);
            if (record) {
                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                calls.add(verb);
            }
        } catch (AgentException e) {
            failures.add(verb + ": " + e.code());
        } catch (ParleyClientException e) {
            failures.add(verb + ": " + e.code());
        } catch (RuntimeException e) {
            failures.add(verb + ": " + e.getClass().getSimpleName());
        }
    }

    long errorCount() {
        return errors.snapshot().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        agent.close();
        client.close();
    }
}
