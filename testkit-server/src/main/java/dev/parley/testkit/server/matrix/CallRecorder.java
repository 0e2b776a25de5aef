package dev.parley.testkit.server.matrix;

import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's side of the fault matrix: sends {@link CountingRouter} requests, each with a fresh id, and records
 * how each call ended ({@link CallRecord}). Thread-safe: several threads and sessions may share one recorder.
 *
 * <pre>{@code
 * CallRecorder recorder = new CallRecorder("run1");
 * recorder.send(session, Request.Kind.ACTION, Duration.ofMillis(500));
 * ...
 * FaultMatrix.Report report = FaultMatrix.reconcile(recorder.records(), counter.snapshot(), slack, policy);
 * }</pre>
 */
public final class CallRecorder {

    private final String prefix;
    private final AtomicLong ids = new AtomicLong();
    private final Queue<CallRecord> done = new ConcurrentLinkedQueue<>();
    private final Map<String, Started> running = new ConcurrentHashMap<>();

    /**
     * Creates a recorder.
     *
     * @param prefix the first part of every id it hands out (a bare word), so that runs against one server stay apart
     */
    public CallRecorder(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * Returns a fresh id.
     *
     * @param kind the kind of the request it is for, which becomes part of the id
     * @return {@code <prefix>-<kind>-<n>}, unique within this recorder
     */
    public String nextId(Request.Kind kind) {
        return prefix + '-' + kind.label() + '-' + ids.incrementAndGet();
    }

    /**
     * Sends a request answered at once, with a fresh id.
     *
     * @param session the session
     * @param kind the kind of request
     * @param deadline the call's deadline
     * @return the call's future; the record is made when it completes
     */
    public CompletableFuture<Reply> send(Session session, Request.Kind kind, Duration deadline) {
        return send(session, CountingRouter.request(kind, nextId(kind)).withTimeout(deadline));
    }

    /**
     * Sends a request built with {@link CountingRouter#request} and recorded under its id, its first argument.
     *
     * @param session the session
     * @param request the request; it must carry its own deadline ({@link Request#withTimeout})
     * @return the call's future; the record is made when it completes
     * @throws IllegalArgumentException if the request has no deadline of its own or no id
     */
    public CompletableFuture<Reply> send(Session session, Request request) {
        Duration deadline = request.timeout();
        if (deadline == null || request.args().isEmpty()) {
            throw new IllegalArgumentException("request: " + request + " (expected: an id and a deadline)");
        }
        String id = request.args().get(0);
        Started started = new Started(request.kind(), deadline, System.nanoTime());
        if (running.putIfAbsent(id, started) != null) {
            throw new IllegalArgumentException("id: " + id + " (expected: not sent before)");
        }
        CompletableFuture<Reply> f = session.send(request);
        f.whenComplete((reply, error) -> {
            long elapsed = System.nanoTime() - started.startNanos;
            CallRecord record = error == null
                    ? CallRecord.replied(id, started.kind, deadline, elapsed, CountingRouter.echoedId(reply))
                    : CallRecord.failed(id, started.kind, deadline, elapsed, unwrap(error));
            done.add(record);
            running.remove(id);
        });
        return f;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** @return calls sent and not yet ended */
    public int running() {
        return running.size();
    }

    /**
     * Returns every call so far.
     *
     * @return the ended calls, then the ones still running, as {@link CallRecord.Outcome#UNFINISHED}
     */
    public List<CallRecord> records() {
        List<CallRecord> all = new ArrayList<>(done);
        Set<String> ended = new HashSet<>();
        all.forEach(r -> ended.add(r.id()));
        long now = System.nanoTime();
        running.forEach((id, s) -> {
            if (!ended.contains(id)) {
                all.add(CallRecord.unfinished(id, s.kind, s.deadline, now - s.startNanos));
            }
        });
        return all;
    }

    private static final class Started {
        final Request.Kind kind;
        final Duration deadline;
        final long startNanos;

        Started(Request.Kind kind, Duration deadline, long startNanos) {
            this.kind = kind;
            this.deadline = deadline;
            this.startNanos = startNanos;
        }
    }
}
