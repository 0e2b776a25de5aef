package dev.parley.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one request across many sessions (a fleet of agents) with bounded concurrency and reports each target's
 * result; one target's failure never fails the others.
 *
 * <pre>
 * Map&lt;String, Fleet.Result&gt; results = Fleet.callAll(sessionsByName, Request.query("uptime"), 16).join();
 * </pre>
 */
public final class Fleet {

    private Fleet() {
    }

    /**
     * One target's outcome: a reply or an error.
     *
     * @param target the target's name
     * @param reply the reply, or {@code null} on failure
     * @param error the failure, or {@code null} on success
     */
    public record Result(String target, Reply reply, ParleyClientException error) {

        /** @return whether the target answered {@code OK} */
        public boolean isOk() {
            return error == null;
        }
    }

    /**
     * Sends a request to every target, at most {@code maxConcurrency} at a time.
     *
     * @param targets sessions by name; the results keep this order
     * @param request the request
     * @param maxConcurrency requests in flight at once, {@code >= 1}
     * @return completes, never exceptionally, when every target has a result
     */
    public static CompletableFuture<Map<String, Result>> callAll(Map<String, Session> targets, Request request,
                                                                 int maxConcurrency) {
        Objects.requireNonNull(request, "request");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency: " + maxConcurrency + " (expected: >= 1)");
        }
        Map<String, Result> results = new LinkedHashMap<>();
        List<Map.Entry<String, Session>> entries = new ArrayList<>(targets.entrySet());
        entries.forEach(e -> results.put(e.getKey(), null));
        CompletableFuture<Map<String, Result>> done = new CompletableFuture<>();
        if (entries.isEmpty()) {
            done.complete(results);
            return done;
        }
        new Runner(entries.iterator(), request, results, entries.size(), done).release(
                Math.min(maxConcurrency, entries.size()));
        return done;
    }

    /**
     * Starts targets while slots are free. A call that completes at once (a closed session, a refused request) only
     * gives its slot back; the one loop that is already starting targets takes it, so the stack stays flat however
     * many targets fail at once, and calls in flight never exceed the slots handed out at the start.
     */
    private static final class Runner {
        private final Iterator<Map.Entry<String, Session>> todo;
        private final Request request;
        private final Map<String, Result> results;
        private final CompletableFuture<Map<String, Result>> done;
        private int remaining;
        private int freeSlots;
        private boolean starting;

        Runner(Iterator<Map.Entry<String, Session>> todo, Request request, Map<String, Result> results, int total,
               CompletableFuture<Map<String, Result>> done) {
            this.todo = todo;
            this.request = request;
            this.results = results;
            this.remaining = total;
            this.done = done;
        }

        /** Gives slots back and, unless a loop on the stack already does, starts targets until no slot is free. */
        void release(int slots) {
            synchronized (this) {
                freeSlots += slots;
                if (starting) {
                    return;
                }
                starting = true;
            }
            while (true) {
                Map.Entry<String, Session> e;
                synchronized (this) {
                    if (freeSlots == 0 || !todo.hasNext()) {
                        starting = false;
                        return;
                    }
                    freeSlots--;
                    e = todo.next();
                }
                start(e);
            }
        }

        private void start(Map.Entry<String, Session> e) {
            CompletableFuture<Reply> reply;
            try {
                reply = e.getValue().send(request);
            } catch (RuntimeException err) {
                finish(e.getKey(), null, err);
                return;
            }
            reply.whenComplete((r, err) -> finish(e.getKey(), r, err));
        }

        private void finish(String target, Reply reply, Throwable err) {
            Result r = err == null ? new Result(target, reply, null) : new Result(target, null, asClientError(err));
            boolean all;
            synchronized (this) {
                results.put(target, r);
                all = --remaining == 0;
            }
            if (all) {
                done.complete(results);
            } else {
                release(1);
            }
        }
    }

    static ParleyClientException asClientError(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof ParleyClientException ? (ParleyClientException) t
                : new ParleyClientException("FAILED", false, Progress.UNKNOWN, String.valueOf(t), t);
    }
}
