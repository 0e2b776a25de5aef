package dev.parley.server;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's blocking executor as its sessions see it: every task handed to it is counted from the moment it is
 * accepted until it has run (or, cancelled while queued, returned at once), so sessions can tell in O(1) how much of
 * the executor is in use ({@link Limits#blockingReserve()}). Thread-safe.
 */
final class CountingExecutor implements Executor {

    private final Executor delegate;
    private final AtomicInteger inUse = new AtomicInteger();

    CountingExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        inUse.incrementAndGet();
        try {
            delegate.execute(() -> {
                try {
                    task.run();
                } finally {
                    inUse.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException | Error e) {
            inUse.decrementAndGet();
            throw e;
        }
    }

    /** @return the tasks accepted and not yet finished, queued ones included */
    int inUse() {
        return inUse.get();
    }
}
