package dev.parley.testkit.server.matrix;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's side of the fault matrix: how often each request ran, by the unique id that the request carries.
 * A server handler calls {@link #record(String)} when it starts executing a request; the matrix later compares the
 * counts with what the client said happened ({@link FaultMatrix#reconcile}). Thread-safe; a protocol on its own
 * server uses it from its own handlers just as {@link CountingRouter} does.
 */
public final class ExecutionCounter {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /**
     * Counts one execution of a request.
     *
     * @param id the request's unique id
     * @return how often the request has run, this execution included
     */
    public int record(String id) {
        total.incrementAndGet();
        return counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Returns how often a request ran.
     *
     * @param id the request's unique id
     * @return the executions so far, 0 for a request that never ran
     */
    public int count(String id) {
        AtomicInteger n = counts.get(id);
        return n == null ? 0 : n.get();
    }

    /** @return the executions of all requests so far */
    public long total() {
        return total.get();
    }

    /** @return a sorted copy of the executions per id, ids that never ran left out */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((id, n) -> copy.put(id, n.get()));
        return copy;
    }

    @Override
    public String toString() {
        return "ExecutionCounter{ids=" + counts.size() + ", executions=" + total.get() + '}';
    }
}
